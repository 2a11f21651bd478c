package zmd.registry.protection;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.db.Changes;
import zmd.registry.geo.Crs;
import zmd.registry.protection.ImportResult.FeatureProblem;
import zmd.registry.protection.ImportResult.FeatureRepair;

/**
 * Imports a GeoJSON dataset into a layer as a new version and makes it current, all in one transaction:
 * a rejected or failed import leaves the previous dataset current and nothing of its own behind.
 *
 * <p>The file is streamed (one feature in memory at a time) straight into a COPY ({@link ImportReading}), so
 * reading in Java and loading in PostgreSQL overlap. Features are checked twice: while reading for what the
 * numbers alone show (type, rings, coordinate order, properties), then by PostGIS for validity (ST_IsValidReason).
 *
 * <p>Farmland in longitude/latitude without repair (the city-scale case) is copied straight into its new
 * partition, whose CHECK validates every patch as it arrives. Should any feature be refused, that attempt
 * is rolled back to a savepoint and the file read again the general way: into a staging table, checked in
 * one statement for every reason, repaired on request, then moved into the layer.
 */
public final class LayerImporter {
    private static final Logger log = LoggerFactory.getLogger(LayerImporter.class);
    /** Problems and repairs listed in a result; all are counted. */
    public static final int MAX_LISTED = 1000;
    /** A repair may change a feature's area by at most 1 m² or 0.1 %, whichever is larger. */
    public static final double REPAIR_TOLERANCE_M2 = 1.0;
    public static final double REPAIR_TOLERANCE_RELATIVE = 0.001;
    /** The inline variant is for pasted text; files go through the import directory. */
    public static final int MAX_INLINE_CHARS = 5_000_000;

    private final LayerRepository layers;
    private final Path importDir;

    public LayerImporter(LayerRepository layers, Path importDir) {
        this.layers = layers;
        this.importDir = importDir.toAbsolutePath().normalize();
    }

    /** Where the features come from; opened again if the fast path has to give way to the general one. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;

        static Source of(byte[] bytes) {
            return () -> new ByteArrayInputStream(bytes);
        }

        static Source of(Path file) {
            return () -> new BufferedInputStream(Files.newInputStream(file), 1 << 20);
        }
    }

    /** From the GraphQL mutation: a file under the import directory, or pasted text; exactly one. */
    public ImportResult importFromApi(Caller caller, ImportRequest request, String path, String text) {
        caller.requireEditor("Importing a layer dataset");
        if ((path == null) == (text == null)) {
            throw RegistryException.badInput("input", "give exactly one of path (a file in the import directory) or text (pasted GeoJSON)");
        }
        if (text != null) {
            if (text.length() > MAX_INLINE_CHARS) {
                throw RegistryException.badInput("text", "pasted GeoJSON is limited to " + MAX_INLINE_CHARS
                        + " characters; put larger files in the import directory and give their path");
            }
            return importFrom(caller, request, Source.of(text.getBytes(StandardCharsets.UTF_8)), n -> { });
        }
        return importFrom(caller, request, Source.of(resolve(path)), n -> { });
    }

    /** A path relative to (or inside) the import directory, symbolic links resolved; anything else is refused. */
    Path resolve(String path) {
        Path file;
        Path root;
        try {
            root = importDir.toRealPath();
        } catch (IOException e) {
            throw RegistryException.badInput("path", "the server's import directory " + importDir
                    + " does not exist; create it (or set REGISTRY_IMPORT_DIR) and put the file there");
        }
        try {
            file = root.resolve(path).normalize();
            file = file.toRealPath();
        } catch (NoSuchFileException | InvalidPathException e) {
            throw RegistryException.badInput("path", "no file " + Texts.quoted(path) + " in the import directory " + root);
        } catch (IOException e) {
            throw RegistryException.badInput("path", "cannot read " + Texts.quoted(path) + ": " + e.getMessage());
        }
        if (!file.startsWith(root)) {
            throw new RegistryException(ErrorCode.BAD_USER_INPUT, "path " + Texts.quoted(path) + " is outside the import directory " + root
                    + "; the server reads files only from there", Map.of("field", "path"));
        }
        if (!Files.isRegularFile(file)) {
            throw RegistryException.badInput("path", Texts.quoted(path) + " is not a file");
        }
        return file;
    }

    /** Imports from any source (the command line reads any file its user can). {@code progress} gets the features read. */
    public ImportResult importFrom(Caller caller, ImportRequest request, Source source, IntConsumer progress) {
        caller.requireEditor("Importing a layer dataset");
        ImportRequest req = validated(request);
        Crs declared = req.srid() == null ? null : crs(req.srid(), "srid");
        long start = System.nanoTime();
        try {
            ImportResult result = Changes.transaction(layers.dsl(), caller, "importLayer", tx -> run(tx, caller, req, declared, source, progress, start));
            log.info("imported {} features into {} as version {} (dataset {}) in {} s", result.featuresLoaded(), req.layer(),
                    req.version(), result.dataset().id(), String.format("%.1f", result.seconds()));
            return result;
        } catch (Rejected r) {
            log.info("import into {} version {} rejected: {}", req.layer(), req.version(), r.result.message());
            return r.result;
        }
    }

    private ImportResult run(DSLContext tx, Caller caller, ImportRequest req, Crs declared, Source source, IntConsumer progress, long start) {
        layers.prepareImport(tx);
        layers.lockLayer(tx, req.layer());
        if (layers.versionTaken(tx, req.layer(), req.version())) {
            throw new RegistryException(ErrorCode.CONFLICT, "layer " + req.layer() + " already has a dataset with version " + Texts.quoted(req.version())
                    + "; versions are kept as history, give a new one", Map.of("field", "version"));
        }
        long datasetId = layers.insertDataset(tx, req.layer(), req.datasetName(), req.source(), req.version(), caller.name());
        if (req.layer() == LayerCode.BASIC_FARMLAND && !req.repair() && (declared == null || declared.geographic())) {
            try {
                ImportReading direct = tx.transactionResult(savepoint -> direct(savepoint.dsl(), datasetId, declared, source, progress));
                return imported(tx, req, datasetId, direct.crs, direct.read, direct.read, List.of(), 0, start);
            } catch (DirectDeclined | DataAccessException e) {
                log.info("import of {} into {}: {}; reading it again through the staging table", req.version(), req.layer(),
                        e instanceof DirectDeclined ? e.getMessage() : "a patch was refused");
            }
        }
        return staged(tx, req, datasetId, declared, source, progress, start);
    }

    /**
     * The fast path: farmland copied straight into its new partition (EPSG:4490 and EPSG:4326 lon/lat are the
     * same to well under a metre, and PROJ transforms between them as the identity). Declines at the first
     * feature that would not load, so the general path can report every problem.
     */
    private ImportReading direct(DSLContext tx, long datasetId, Crs declared, Source source, IntConsumer progress) {
        Table<?> part = layers.createFarmlandPartition(tx, datasetId);
        long start = System.nanoTime();
        ImportReading reading = tx.connectionResult(c -> ImportReading.copy(c, layers.farmlandCopySql(tx, part), LayerCode.BASIC_FARMLAND,
                declared, source, progress, datasetId));
        if (reading.fatal != null || reading.problemCount > 0) {
            throw new DirectDeclined(reading.problemCount + " features cannot be loaded");
        }
        if (reading.read == 0) {
            throw new DirectDeclined("no features");
        }
        long copied = System.nanoTime();
        layers.attachFarmlandPartition(tx, part, datasetId);
        log.info("farmland dataset {}: read, validated and copied in {} s, indexed and attached in {} s", datasetId, secs(copied - start),
                secs(System.nanoTime() - copied));
        return reading;
    }

    /** The general path: staging table, validation of every feature in one statement, repair on request, then the load. */
    private ImportResult staged(DSLContext tx, ImportRequest req, long datasetId, Crs declared, Source source, IntConsumer progress,
                                long start) {
        Table<?> staging = layers.createStaging(tx, datasetId);
        ImportReading reading = tx.connectionResult(c -> ImportReading.copy(c, layers.copySql(tx, staging), req.layer(), declared, source,
                progress, -1));
        long copied = System.nanoTime();
        Crs crs = reading.crs;
        if (reading.fatal != null) {
            throw new Rejected(rejected(reading, List.of(), 0, start, reading.fatal));
        }
        List<FeatureRepair> repairs = List.of();
        int repairCount = 0;
        if (req.repair()) {
            LayerRepository.Repairs r = layers.repair(tx, staging, crs, REPAIR_TOLERANCE_M2, REPAIR_TOLERANCE_RELATIVE, MAX_LISTED);
            repairs = r.rows();
            repairCount = r.total();
            for (FeatureRepair repair : r.rows()) {
                if (!repair.accepted()) {
                    reading.problem(new FeatureProblem(repair.index(), repair.line(), repair.featureId(), refusal(repair)));
                }
            }
            reading.problemCount += Math.max(0, r.refused() - (int) r.rows().stream().filter(x -> !x.accepted()).count());
        } else {
            LayerRepository.Listed<FeatureProblem> invalid = layers.invalidGeometries(tx, staging, crs, MAX_LISTED);
            invalid.rows().forEach(reading::problem);
            reading.problemCount += invalid.total() - invalid.rows().size();
        }
        if (reading.problemCount > 0) {
            String what = reading.problemCount + " of " + reading.read + " features cannot be loaded"
                    + (req.repair() ? "" : " (invalid geometry can be repaired with repair: true)");
            throw new Rejected(rejected(reading, repairs, repairCount, start, what + "; nothing was imported"));
        }
        if (reading.read == 0) {
            throw new Rejected(rejected(reading, repairs, repairCount, start, "the file holds no features; nothing was imported"));
        }
        long checked = System.nanoTime();
        int loaded = layers.load(tx, req.layer(), staging, datasetId, crs);
        layers.dropStaging(tx, staging);
        log.info("import of {} into {}: read and copied in {} s, validated in {} s, loaded and indexed in {} s", req.version(), req.layer(),
                secs(copied - start), secs(checked - copied), secs(System.nanoTime() - checked));
        return imported(tx, req, datasetId, crs, reading.read, loaded, repairs, repairCount, start);
    }

    private ImportResult imported(DSLContext tx, ImportRequest req, long datasetId, Crs crs, int read, int loaded, List<FeatureRepair> repairs,
                                  int repairCount, long start) {
        layers.makeCurrent(tx, req.layer(), datasetId, loaded);
        String message = "imported " + loaded + " features into " + req.layer() + " (" + req.layer().nameZh() + ") as version " + req.version()
                + ", now current" + (repairCount > 0 ? "; " + repairCount + " repaired with ST_MakeValid" : "");
        return new ImportResult(ImportResult.Status.IMPORTED, message, layers.dataset(tx, datasetId), crs.srid(), read, loaded,
                List.of(), 0, repairs, repairCount, (System.nanoTime() - start) / 1e9);
    }

    private static String secs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static ImportResult rejected(ImportReading reading, List<FeatureRepair> repairs, int repairCount, long start, String message) {
        List<FeatureProblem> problems = new ArrayList<>(reading.problems);
        problems.sort(Comparator.comparingInt(FeatureProblem::index));
        if (problems.size() > MAX_LISTED) {
            problems = problems.subList(0, MAX_LISTED);
        }
        return new ImportResult(ImportResult.Status.REJECTED, message, null, reading.crs == null ? null : reading.crs.srid(),
                reading.read, 0, List.copyOf(problems), Math.max(reading.problemCount, problems.size()), repairs, repairCount,
                (System.nanoTime() - start) / 1e9);
    }

    private static String refusal(FeatureRepair r) {
        return "repair refused: " + r.reason() + "; ST_MakeValid " + (r.areaAfterM2() == 0 ? "leaves no polygon"
                : String.format("changes the area from %.2f m² to %.2f m²", r.areaBeforeM2(), r.areaAfterM2()))
                + String.format(" (at most %.0f m² or %.1f %% is accepted); fix the feature at its source", REPAIR_TOLERANCE_M2,
                REPAIR_TOLERANCE_RELATIVE * 100);
    }

    static Crs crs(int srid, String field) {
        try {
            return Crs.ofSrid(srid);
        } catch (IllegalArgumentException e) {
            throw RegistryException.badInput(field, field + ": " + e.getMessage());
        }
    }

    private static ImportRequest validated(ImportRequest r) {
        if (r.layer() == null) {
            throw RegistryException.badInput("layer", "layer is required");
        }
        return new ImportRequest(r.layer(), Texts.required(r.datasetName(), "datasetName", 200), Texts.required(r.version(), "version", 64),
                Texts.optional(r.source(), "source", 1000), r.srid(), r.repair());
    }

    /** The fast path gives way to the general one (rolled back to its savepoint). */
    static final class DirectDeclined extends RuntimeException {
        DirectDeclined(String message) {
            super(message, null, false, false);
        }
    }

    /** Carries a REJECTED result out of the transaction, which rolls back. */
    private static final class Rejected extends RuntimeException {
        final ImportResult result;

        Rejected(ImportResult result) {
            super(result.message(), null, false, false);
            this.result = result;
        }
    }
}
