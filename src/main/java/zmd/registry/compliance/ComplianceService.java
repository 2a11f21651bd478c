package zmd.registry.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import zmd.registry.access.Caller;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.RegistryException;
import zmd.registry.county.CountyRepository;
import zmd.registry.db.Changes;
import zmd.registry.parcel.GeometryRequest;
import zmd.registry.parcel.MineParcel;
import zmd.registry.parcel.ParcelService;
import zmd.registry.parcel.ParcelStatus;
import zmd.registry.protection.OverlapReport;
import zmd.registry.protection.OverlapService;

/**
 * Compliance reports (合规审查报告) of blocks: the snapshot of a block and its overlap check, the canonical body, its
 * Ed25519 signature, and the stored copy. Staff only, as the overlap check: a report names unpublished blocks and
 * protected land.
 */
public final class ComplianceService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ParcelService parcels;
    private final CountyRepository counties;
    private final OverlapService overlaps;
    private final ComplianceRepository repository;
    private final ReportSigner signer;

    public ComplianceService(ParcelService parcels, CountyRepository counties, OverlapService overlaps, ComplianceRepository repository,
                             ReportSigner signer) {
        this.parcels = parcels;
        this.counties = counties;
        this.overlaps = overlaps;
        this.repository = repository;
        this.signer = signer;
    }

    public ReportSigner signer() {
        return signer;
    }

    /** A signed report, with the overlap check it states (the announce gate decides on that very check). */
    public record Prepared(ComplianceRepository.Signed signed, OverlapReport overlap) {
    }

    /**
     * {@code Query.complianceReport}: the report of a block, generated and stored (once per distinct body).
     * {@code asOf} null is the register and datasets as they are now; an instant, the block as it was then checked
     * against the datasets current then (the same instant always gives the same body).
     */
    public ComplianceRepository.Stored report(Caller caller, String parcelId, Instant asOf) {
        caller.requireStaff("A compliance report");
        UUID id = RegistryException.parseId(parcelId, "parcelId");
        // The instant is checked where the block is read as of it (ParcelService.asOf).
        OffsetDateTime at = asOf == null ? null : asOf.atOffset(ZoneOffset.UTC);
        ComplianceInput input = snapshot(caller.unrecorded(), id, at);
        Prepared prepared = new Prepared(sign(input), input.overlap());
        // A query that keeps what it generated: the write goes to the primary even when the reads went to a replica.
        ComplianceRepository.Stored stored = zmd.registry.db.ReadRoute.onPrimary(() -> Changes.transaction(repository.dsl(), caller,
                "complianceReport", tx -> store(tx, prepared, caller.name())));
        recordReading(caller, stored);
        return stored;
    }

    /** Keeps a prepared report, in the caller's transaction, with the datasets it names held against a purge. */
    public ComplianceRepository.Stored store(DSLContext tx, Prepared prepared, String createdBy) {
        overlaps.holdDatasets(tx, prepared.overlap());
        return repository.store(tx, prepared.signed(), createdBy);
    }

    /**
     * The report of the block as it is now, signed but not stored. NOT_FOUND when the caller cannot see the block.
     * Not recorded in the access log: the report leaves the server only as {@link #report} or {@link #get} returns it.
     */
    public Prepared prepare(Caller caller, UUID parcelId) {
        caller.requireStaff("A compliance report");
        ComplianceInput input = snapshot(caller.unrecorded(), parcelId, null);
        return new Prepared(sign(input), input.overlap());
    }

    /** Body, digest and signature of a snapshot; the same snapshot always gives the same bytes. */
    public ComplianceRepository.Signed sign(ComplianceInput input) {
        byte[] body = CanonicalJson.bytes(ComplianceBody.of(input));
        return new ComplianceRepository.Signed(input.block().id(), input.block().version(), input.asOf(),
                new String(body, StandardCharsets.UTF_8), sha256(body), signer.sign(body), signer.fingerprint());
    }

    /** The block, its check and its map features now (asOf null) or as of an instant. */
    private ComplianceInput snapshot(Caller caller, UUID id, OffsetDateTime asOf) {
        ParcelService register = parcels.asOf(asOf);
        MineParcel block = block(register, caller, id, asOf);
        Geometry geometry = (Geometry) register.geometries(caller, List.of(id), GeometryRequest.PROJECTED).get(id);
        OverlapService.CheckRequest all = OverlapService.CheckRequest.of(null, null, Set.of(), Set.of());
        OverlapReport overlap = asOf == null ? overlaps.checkParcels(caller, List.of(id), all).get(id) : overlaps.check(caller, id.toString(), null, all, asOf);
        // The row, the geometry and the check are three reads: a block edited between them would give a report of no version.
        if (geometry == null || overlap == null || block(register, caller, id, asOf).version() != block.version()) {
            throw new RegistryException(ErrorCode.CONFLICT, "block " + id + " changed while its report was generated; ask again");
        }
        Envelope frame = ComplianceBody.frame(geometry);
        List<ComplianceInput.MapFeature> shown = new ArrayList<>();
        for (OverlapReport.RuleResult rule : overlap.rules()) {
            List<String> ids = rule.features().stream().map(OverlapReport.OverlapFeature::id).toList();
            Long dataset = rule.dataset() == null ? null : rule.dataset().id();
            repository.inFrame(rule.rule(), dataset, ids, frame, asOf).forEach((fid, g) -> shown.add(new ComplianceInput.MapFeature(rule.rule(), fid, g)));
        }
        return new ComplianceInput(block, counties.byCode(block.countyCode()), geometry, overlap, shown, asOf == null ? null : asOf.toInstant());
    }

    private static MineParcel block(ParcelService register, Caller caller, UUID id, OffsetDateTime asOf) {
        return register.get(caller, id.toString()).orElseThrow(() -> RegistryException.notFound("block " + id
                + (asOf == null ? "" : " as of " + asOf + " (it was not registered then)")));
    }

    /** A stored report by id. */
    public ComplianceRepository.Stored get(Caller caller, String idText) {
        caller.requireStaff("Reading a compliance report");
        UUID id = RegistryException.parseId(idText, "id");
        ComplianceRepository.Stored report = repository.byId(id).orElseThrow(() -> RegistryException.notFound("compliance report " + idText));
        recordReading(caller, report);
        return report;
    }

    /**
     * A report, as returned (made or downloaded), holds the block's corner-point table and the map's outlines of
     * protected features and neighbouring blocks: the layers it outlines are recorded around its map frame
     * (EPSG:4547), and the blocks it shows that are PLANNED now.
     */
    private void recordReading(Caller caller, ComplianceRepository.Stored report) {
        JsonNode body;
        try {
            body = JSON.readTree(report.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored report " + report.id() + " is not JSON", e);
        }
        JsonNode f = body.path("map").path("frame");
        Envelope frame = new Envelope(f.path(0).asDouble(), f.path(2).asDouble(), f.path(1).asDouble(), f.path(3).asDouble());
        Set<UUID> blocks = new HashSet<>(List.of(report.parcelId()));
        for (JsonNode rule : body.path("rules")) {
            boolean outlined = false;
            for (JsonNode feature : rule.path("features")) {
                if (!feature.path("inFrame").isNull() && !feature.path("inFrame").isMissingNode()) {
                    outlined = true;
                    if (rule.path("layer").isNull() && ParcelStatus.PLANNED.name().equals(feature.path("kind").asText())) {
                        blocks.add(UUID.fromString(feature.path("id").asText()));
                    }
                }
            }
            if (outlined && rule.path("layer").hasNonNull("code")) {
                caller.readLayer(rule.path("layer").path("code").asText(), frame, 4547);
            }
        }
        caller.readPlannedBlocks(parcels.visibleByIds(caller, blocks, Set.of("status")).values().stream()
                .filter(b -> ParcelStatus.PLANNED.name().equals(b.status())).map(MineParcel::id).toList());
        caller.readDetail("compliance report " + report.id());
    }

    /** {@code Query.verifyComplianceReport}: the exact bytes given, against this server's key. */
    public ReportVerifier.Result verify(String report, String signature) {
        if (report == null || signature == null) {
            throw RegistryException.badInput("report and signature are both required");
        }
        return ReportVerifier.verify(signer.publicKey(), report.getBytes(StandardCharsets.UTF_8), signature);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
