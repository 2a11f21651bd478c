package zmd.registry;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import zmd.registry.access.Caller;
import zmd.registry.core.RegistryException;
import zmd.registry.protection.ImportRequest;
import zmd.registry.protection.ImportResult;
import zmd.registry.protection.LayerCode;
import zmd.registry.protection.LayerImporter;

/** The {@code import} command: a GeoJSON file into a protected layer, from the command line (any readable file). */
final class LayerImportCommand {
    static final String USAGE = "import --layer RED_LINE|BASIC_FARMLAND|MOUNTAIN_PROTECTION|PLANNED_ZONE --file FILE --version V --name NAME "
            + "[--source S] [--srid 4490|4326|4547|4526] [--repair]";
    /** Problems printed; the rest are counted. */
    private static final int PRINTED = 50;

    private final ImportRequest request;
    private final Path file;

    private LayerImportCommand(ImportRequest request, Path file) {
        this.request = request;
        this.file = file;
    }

    static LayerImportCommand parse(List<String> args) {
        String layer = null;
        String file = null;
        String version = null;
        String name = null;
        String source = null;
        Integer srid = null;
        boolean repair = false;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--repair")) {
                repair = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--layer" -> layer = value.strip().toUpperCase(Locale.ROOT);
                case "--file" -> file = value;
                case "--version" -> version = value;
                case "--name" -> name = value;
                case "--source" -> source = value;
                case "--srid" -> {
                    try {
                        srid = Integer.parseInt(value.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--srid must be an EPSG code such as 4490, got " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (layer == null || file == null || version == null || name == null) {
            throw new IllegalArgumentException("--layer, --file, --version and --name are required");
        }
        LayerCode code;
        try {
            code = LayerCode.valueOf(layer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--layer must be RED_LINE, BASIC_FARMLAND, MOUNTAIN_PROTECTION or PLANNED_ZONE, got " + layer);
        }
        return new LayerImportCommand(new ImportRequest(code, name, version, source, srid, repair), Path.of(file));
    }

    int run(Registry registry, PrintStream out, PrintStream err) {
        Caller caller = Caller.commandLine();
        ImportResult result;
        if (!Files.isReadable(file)) {
            err.println("cannot read " + file);
            return 2;
        }
        try {
            result = registry.importer().importFrom(caller, request, LayerImporter.Source.of(file), n -> err.printf("  %,d features read%n", n));
        } catch (RegistryException e) {
            err.println(e.code() + ": " + e.getMessage());
            return 1;
        }
        out.println(result.status() + ": " + result.message());
        out.printf(Locale.ROOT, "%d features read, %d loaded in %.1f s (%.0f features/s), coordinates EPSG:%s%n", result.featuresRead(),
                result.featuresLoaded(), result.seconds(), result.featuresPerSecond(), result.srid());
        result.repairs().stream().limit(PRINTED).forEach(r -> out.printf(Locale.ROOT, "  repaired #%d%s (%s): area %.2f -> %.2f m²%s%n",
                r.index(), r.featureId() == null ? "" : " " + r.featureId(), r.reason(), r.areaBeforeM2(), r.areaAfterM2(),
                r.accepted() ? "" : " REFUSED"));
        result.problems().stream().limit(PRINTED).forEach(p -> out.printf("  feature #%d%s%s: %s%n", p.index(),
                p.line() == null ? "" : " (line " + p.line() + ")", p.featureId() == null ? "" : " " + p.featureId(), p.reason()));
        if (result.problemCount() > PRINTED) {
            out.println("  … and " + (result.problemCount() - PRINTED) + " more");
        }
        return result.status() == ImportResult.Status.IMPORTED ? 0 : 1;
    }
}
