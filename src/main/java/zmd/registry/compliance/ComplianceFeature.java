package zmd.registry.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import zmd.registry.core.FieldTable;
import zmd.registry.graphql.Feature;
import zmd.registry.graphql.RequestContext;
import zmd.registry.protection.Verdict;

/** GraphQL of compliance reports (schema/compliance.graphqls): thin fetchers over {@link ComplianceService}. */
public final class ComplianceFeature implements Feature {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final FieldTable<ComplianceRepository.Stored> REPORT = FieldTable.<ComplianceRepository.Stored>of("ComplianceReport")
            .value("id", List.of(), ComplianceRepository.Stored::id)
            .value("parcelId", List.of(), ComplianceRepository.Stored::parcelId)
            .value("parcelVersion", List.of(), ComplianceRepository.Stored::parcelVersion)
            .value("asOf", List.of(), r -> r.asOf() == null ? null : r.asOf().atOffset(ZoneOffset.UTC))
            .value("verdict", List.of(), ComplianceFeature::verdict)
            .value("json", List.of(), ComplianceRepository.Stored::body)
            .value("sha256", List.of(), ComplianceRepository.Stored::sha256)
            .value("signature", List.of(), ComplianceRepository.Stored::signature)
            .value("keyFingerprint", List.of(), ComplianceRepository.Stored::keyFingerprint)
            .value("pdfUrl", List.of(), r -> ReportRoutes.PREFIX + "/" + r.id() + ".pdf")
            .value("jsonUrl", List.of(), r -> ReportRoutes.PREFIX + "/" + r.id() + ".json")
            .value("createdAt", List.of(), ComplianceRepository.Stored::createdAt)
            .value("createdBy", List.of(), ComplianceRepository.Stored::createdBy);

    static final FieldTable<ReportSigner> PUBLIC_KEY = FieldTable.<ReportSigner>of("ComplianceReportPublicKey")
            .value("algorithm", List.of(), s -> "Ed25519")
            .value("pem", List.of(), ReportSigner::publicKeyPem)
            .value("jwk", List.of(), ComplianceFeature::jwk)
            .value("fingerprint", List.of(), ReportSigner::fingerprint);

    static final FieldTable<ReportVerifier.Result> VERIFICATION = FieldTable.<ReportVerifier.Result>of("ComplianceReportVerification")
            .value("valid", List.of(), ReportVerifier.Result::valid)
            .value("reason", List.of(), ReportVerifier.Result::reason)
            .value("keyFingerprint", List.of(), ReportVerifier.Result::keyFingerprint)
            .value("sha256", List.of(), ReportVerifier.Result::sha256);

    private final ComplianceService service;

    public ComplianceFeature(ComplianceService service) {
        this.service = service;
    }

    @Override
    public String sdl() {
        return "compliance.graphqls";
    }

    @Override
    public List<FieldTable<?>> fieldTables() {
        return List.of(REPORT, PUBLIC_KEY, VERIFICATION);
    }

    @Override
    public void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Query", t -> t
                .dataFetcher("complianceReport", env -> {
                    OffsetDateTime asOf = env.getArgument("asOf");
                    return service.report(RequestContext.caller(env), env.getArgument("parcelId"), asOf == null ? null : asOf.toInstant());
                })
                .dataFetcher("complianceReportPublicKey", env -> service.signer())
                .dataFetcher("verifyComplianceReport", env -> service.verify(env.getArgument("report"), env.getArgument("signature"))));
    }

    private static Verdict verdict(ComplianceRepository.Stored r) {
        try {
            return Verdict.valueOf(JSON.readTree(r.body()).get("verdict").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report " + r.id() + " is not JSON", e);
        }
    }

    static String jwk(ReportSigner signer) {
        try {
            return JSON.writeValueAsString(signer.publicKeyJwk());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
