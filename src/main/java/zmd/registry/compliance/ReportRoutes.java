package zmd.registry.compliance;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import zmd.registry.access.AccessLog;
import zmd.registry.access.AccessProtocol;
import zmd.registry.access.Caller;
import zmd.registry.core.RegistryException;

/**
 * HTTP of compliance reports: {@code GET /reports/{id}.pdf} and {@code /reports/{id}.json} (the report file) with the
 * API key rules of GraphQL (staff, Authorization: Bearer), and the public key at {@code /reports/public-key} (PEM) and
 * {@code /reports/public-key.jwk}, for anyone.
 */
public final class ReportRoutes {
    public static final String PREFIX = "/reports";

    private final ComplianceService service;
    private final ReportPdf pdf;
    private final Function<Context, Caller> callers;
    private final AccessLog accessLog;

    /** @param callers authenticates and rate-limits a request as GraphQL does */
    public ReportRoutes(ComplianceService service, ReportPdf pdf, Function<Context, Caller> callers, AccessLog accessLog) {
        this.service = service;
        this.pdf = pdf;
        this.callers = callers;
        this.accessLog = accessLog;
    }

    public void routes(JavalinConfig config) {
        config.routes.get(PREFIX + "/{file}", this::file);
    }

    private void file(Context ctx) {
        Caller caller = callers.apply(ctx);
        String file = ctx.pathParam("file");
        ReportSigner signer = service.signer();
        switch (file) {
            case "public-key" -> ctx.contentType("application/x-pem-file").header("X-Key-Fingerprint", signer.fingerprint())
                    .result(signer.publicKeyPem());
            case "public-key.jwk" -> ctx.contentType("application/jwk+json").result(ComplianceFeature.jwk(signer));
            default -> {
                int dot = file.lastIndexOf('.');
                String ext = dot < 0 ? "" : file.substring(dot + 1);
                if (!ext.equals("pdf") && !ext.equals("json")) {
                    throw RegistryException.notFound("/reports/" + file + " (reports are /reports/{id}.pdf and /reports/{id}.json)");
                }
                ComplianceRepository.Stored report = service.get(caller, file.substring(0, dot));
                accessLog.record(caller, AccessProtocol.REPORT);
                if (ext.equals("pdf")) {
                    byte[] bytes = pdf.render(report);
                    ctx.contentType("application/pdf").header("Content-Disposition", "inline; filename=\"compliance-report-" + report.id() + ".pdf\"")
                            .result(bytes);
                } else {
                    ctx.contentType("application/json; charset=utf-8")
                            .header("Content-Disposition", "inline; filename=\"compliance-report-" + report.id() + ".json\"")
                            .result(ReportVerifier.envelope(report).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }
}
