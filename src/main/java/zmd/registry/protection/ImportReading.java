package zmd.registry.protection;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import zmd.registry.core.RegistryException;
import zmd.registry.geo.Crs;
import zmd.registry.protection.ImportResult.FeatureProblem;

/**
 * What {@link LayerImporter} found reading a GeoJSON source into a COPY: the file's CRS, the features read, and
 * those that cannot be loaded.
 */
final class ImportReading {
    private static final Duration IMPORT_NETWORK_TIMEOUT = Duration.ofHours(2);

    Crs crs;
    int read;
    int problemCount;
    final List<FeatureProblem> problems = new ArrayList<>();
    String fatal;

    void problem(FeatureProblem p) {
        problemCount++;
        if (problems.size() < LayerImporter.MAX_LISTED * 2) {
            problems.add(p);
        }
    }

    void fatal(int index, int line, String message) {
        fatal = message;
        problem(new FeatureProblem(index, line < 0 ? null : line, null, message));
    }

    /**
     * Reads the source into a COPY: staging rows, or with {@code directDataset} ≥ 0 rows of that farmland
     * dataset's partition. Features that cannot be loaded are noted, not sent.
     */
    static ImportReading copy(Connection connection, String copySql, LayerCode layer, Crs declared, LayerImporter.Source source,
                              IntConsumer progress, long directDataset) throws SQLException {
        connection.setNetworkTimeout(Runnable::run, (int) IMPORT_NETWORK_TIMEOUT.toMillis());
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        CopyRows rows = new CopyRows(copy);
        LayerColumns columns = LayerColumns.of(layer);
        ImportReading reading = new ImportReading();
        GeoJsonFeatureReader[] holder = new GeoJsonFeatureReader[1];
        GeoJsonFeatureReader reader = new GeoJsonFeatureReader(f -> {
            if (reading.crs == null) {
                // Without a collection-level member, the first feature's own (or its geometry's) names the file's CRS.
                Integer fileSrid = holder[0].crsMemberSrid();
                reading.crs = effectiveCrs(declared, fileSrid != null ? fileSrid : f.crsSrid());
                if (directDataset >= 0 && !reading.crs.geographic()) {
                    throw new LayerImporter.DirectDeclined("projected coordinates (EPSG:" + reading.crs.srid()
                            + ") are transformed in the database");
                }
            }
            reading.read++;
            if (reading.read % 100_000 == 0) {
                progress.accept(reading.read);
            }
            String[] values = columns.values(f.properties());
            // The feature's identity in its source, for problem reports and stored as source_id.
            String id = f.id() != null ? f.id() : values[0];
            String idProperty = f.id() != null ? "id" : values[3];
            String problem = f.problem();
            if (problem == null && f.crsSrid() != null && f.crsSrid() != reading.crs.srid()) {
                problem = "the feature's crs member names EPSG:" + f.crsSrid() + " but the file is read as EPSG:" + reading.crs.srid();
            }
            if (problem == null) {
                problem = CoordinateChecks.problem(f.polygons(), reading.crs);
            }
            if (problem == null) {
                problem = columns.normalise(values);
            }
            if (problem != null) {
                reading.problem(new FeatureProblem(f.index(), f.line(), id, problem));
                return;
            }
            try {
                if (directDataset >= 0) {
                    rows.integer(directDataset);
                } else {
                    rows.integer(f.index());
                    rows.integer(f.line());
                }
                rows.value(id);
                rows.value(idProperty);
                rows.value(values[0]);
                rows.value(values[1]);
                rows.value(values[2]);
                rows.multiPolygon(f.polygons(), directDataset >= 0 ? Crs.STORAGE_SRID : 0);
                rows.endRow();
            } catch (SQLException e) {
                throw new IOException("the database stopped the load: " + e.getMessage(), e);
            }
        });
        holder[0] = reader;
        try (InputStream in = source.open()) {
            reader.read(in);
            if (reading.crs == null) {
                reading.crs = effectiveCrs(declared, reader.crsMemberSrid());
            }
            if (reader.crsMemberAfterFeatures() && reader.crsMemberSrid() != null && reader.crsMemberSrid() != reading.crs.srid()) {
                throw new GeoJsonFeatureReader.FatalProblem(reader.count(), -1, "the file's crs member (EPSG:" + reader.crsMemberSrid()
                        + ") comes after its features, which were read as EPSG:" + reading.crs.srid() + "; pass srid explicitly");
            }
            rows.flush();
            copy.endCopy();
        } catch (GeoJsonFeatureReader.FatalProblem e) {
            reading.fatal(e.index, e.line, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            reading.fatal(reader.count(), at == null ? -1 : at.getLineNr(), "the file is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (CrsProblem e) {
            reading.fatal(reader.count(), -1, e.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw RegistryException.badInput("the import could not be read: " + e.getMessage());
        } finally {
            // A rejected reading abandons its COPY; the transaction rolls back anyway.
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return reading;
    }

    private static Crs effectiveCrs(Crs declared, Integer fileSrid) {
        if (declared != null && fileSrid != null && fileSrid != declared.srid()) {
            throw new CrsProblem("the file declares EPSG:" + fileSrid + " in its crs member but the import says srid " + declared.srid());
        }
        if (declared != null) {
            return declared;
        }
        if (fileSrid != null) {
            try {
                return LayerImporter.crs(fileSrid, "crs");
            } catch (RegistryException e) {
                throw new CrsProblem("the file's crs member names EPSG:" + fileSrid + ": " + e.getMessage());
            }
        }
        return Crs.EPSG_4326;
    }

    /** The file's CRS cannot be used; raised from inside the reading, so unchecked. */
    private static final class CrsProblem extends RuntimeException {
        CrsProblem(String message) {
            super(message, null, false, false);
        }
    }
}
