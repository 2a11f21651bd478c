package zmd.registry.db;

import java.nio.file.Path;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes from a live, migrated PostGIS (the open-source DDL parser cannot read
 * PostGIS types). {@code make generate} runs {@link #main} on a throwaway cluster; the drift test runs
 * the same generation into a temporary folder and compares.
 */
public final class JooqCodegen {
    public static final String PACKAGE = "zmd.registry.db.generated";

    private JooqCodegen() {
    }

    public static void generate(String jdbcUrl, String user, String password, Path targetDir) throws Exception {
        Configuration configuration = new Configuration()
                .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(jdbcUrl).withUser(user).withPassword(password))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withOutputSchemaToDefault(true)
                                .withExcludes("spatial_ref_sys|geometry_columns|geography_columns|flyway_schema_history|st_.*|.*_as_of|change_log_.*images_at|.*_of_image")
                                .withIncludeRoutines(false)
                                .withIncludeUDTs(false)
                                .withIncludeDomains(false)
                                .withIncludeSequences(false)
                                .withForcedTypes(new ForcedType()
                                        .withUserType("org.locationtech.jts.geom.Geometry")
                                        .withBinding(JtsGeometryBinding.class.getName())
                                        .withIncludeTypes("geometry.*")))
                        .withGenerate(new Generate()
                                .withJavaTimeTypes(true)
                                .withRecords(true)
                                .withPojos(false)
                                .withComments(true)
                                .withGeneratedAnnotation(false))
                        .withTarget(new Target().withPackageName(PACKAGE).withDirectory(targetDir.toString()).withClean(true)));
        GenerationTool.generate(configuration);
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            generate(db.jdbcUrl(), db.user(), db.password(), Path.of("src/generated/java"));
        }
    }
}
