package zmd.registry.pricing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import zmd.registry.access.Caller;
import zmd.registry.core.Cursors;
import zmd.registry.core.ErrorCode;
import zmd.registry.core.Page;
import zmd.registry.core.PageRequest;
import zmd.registry.core.RegistryException;
import zmd.registry.core.Texts;
import zmd.registry.db.Changes;

/**
 * Market base prices: which price applies to a mineral in a county on a date, the start-price floor of a block,
 * and importing an edition from CSV (all rows valid or nothing written).
 */
public final class PricingService {
    public static final PageRequest.Sizes PAGE_SIZES = new PageRequest.Sizes(100, 0, 500);
    private static final int MAX_CSV_CHARS = 5_000_000;

    private final BasePriceRepository repository;
    private final Clock clock;

    public PricingService(BasePriceRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Today where the register is kept (the clock's zone is Asia/Shanghai in production). */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public PriceRegion region(String codeOrName) {
        if (codeOrName == null) {
            return null;
        }
        String key = codeOrName.strip();
        return repository.regions().stream().map(BasePriceRepository.Region::region)
                .filter(r -> r.code().equals(key) || r.name().equals(key)).findFirst().orElse(null);
    }

    public List<PriceRegion> regions() {
        return repository.regions().stream().map(BasePriceRepository.Region::region).toList();
    }

    private String regionName(String code) {
        PriceRegion r = region(code);
        return r == null ? code : r.name();
    }

    /** The region codes whose prices apply in a county, most specific first: county, city, province. */
    Map<String, Integer> chain(String countyCode) {
        Map<String, BasePriceRepository.Region> byCode = repository.regions().stream()
                .collect(Collectors.toMap(r -> r.region().code(), r -> r));
        Map<String, Integer> out = new LinkedHashMap<>();
        BasePriceRepository.Region r = byCode.get(countyCode);
        while (r != null) {
            out.put(r.region().code(), r.specificity());
            r = r.parentCode() == null ? null : byCode.get(r.parentCode());
        }
        return out;
    }

    /**
     * The price that applies: the most specific region wins (county over city over province); within a region a
     * price for the block's mining method beats one for any method. A block mined both ways, or with no method
     * recorded, takes only prices for any method.
     */
    static Optional<BasePrice> pick(List<BasePrice> candidates, String mineral, Map<String, Integer> chain, String miningMethod) {
        return candidates.stream()
                .filter(p -> p.mineral().equals(mineral) && chain.containsKey(p.region().code()))
                .filter(p -> p.miningMethod() == null || p.miningMethod().equals(miningMethod))
                .max(Comparator.<BasePrice>comparingInt(p -> chain.get(p.region().code()))
                        .thenComparing(p -> p.miningMethod() != null));
    }

    public Optional<BasePrice> effective(String mineral, String county, String miningMethod, LocalDate date) {
        PriceRegion region = region(county);
        if (region == null || !region.level().equals(PriceRegionLevel.COUNTY.name())) {
            throw RegistryException.badInput("county", Texts.quoted(county) + " is not a county of Zhumadian (code such as 411726 or name such as 泌阳县)");
        }
        if (mineral == null || mineral.isBlank()) {
            throw RegistryException.badInput("mineral", "mineral must not be empty");
        }
        Map<String, Integer> chain = chain(region.code());
        List<BasePrice> candidates = repository.validOn(repository.dsl(), List.of(mineral.strip()), chain.keySet(), date);
        return pick(candidates, mineral.strip(), chain, miningMethod);
    }

    public StartPriceFloor floor(UUID parcelId, LocalDate date) {
        return floors(repository.dsl(), List.of(parcelId), date).get(parcelId);
    }

    public Map<UUID, StartPriceFloor> floors(Collection<UUID> parcelIds, LocalDate date) {
        return floors(repository.dsl(), parcelIds, date);
    }

    /** Floors of many blocks on one date: two statements whatever the number of blocks. */
    public Map<UUID, StartPriceFloor> floors(DSLContext ctx, Collection<UUID> parcelIds, LocalDate date) {
        List<BasePriceRepository.ReserveFact> facts = repository.reserveFacts(ctx, parcelIds);
        Map<String, Map<String, Integer>> chains = new HashMap<>();
        Set<String> regionCodes = new LinkedHashSet<>();
        Set<String> minerals = new LinkedHashSet<>();
        for (BasePriceRepository.ReserveFact f : facts) {
            regionCodes.addAll(chains.computeIfAbsent(f.countyCode(), this::chain).keySet());
            minerals.add(f.reserve().mineral());
        }
        List<BasePrice> candidates = facts.isEmpty() ? List.of() : repository.validOn(ctx, minerals, regionCodes, date);
        Map<UUID, List<StartPriceFloor.Line>> lines = new LinkedHashMap<>();
        parcelIds.forEach(id -> lines.put(id, new ArrayList<>()));
        for (BasePriceRepository.ReserveFact f : facts) {
            Optional<BasePrice> price = pick(candidates, f.reserve().mineral(), chains.get(f.countyCode()), f.miningMethod());
            lines.get(f.parcelId()).add(line(f, price, regionName(f.countyCode()), date));
        }
        Map<UUID, StartPriceFloor> out = new LinkedHashMap<>();
        lines.forEach((id, l) -> out.put(id, new StartPriceFloor(id, date, List.copyOf(l))));
        return out;
    }

    static StartPriceFloor.Line line(BasePriceRepository.ReserveFact f, Optional<BasePrice> price, String countyName, LocalDate date) {
        BigDecimal baseQuantity = f.reserve().quantity().multiply(f.unit().factor()).stripTrailingZeros();
        String baseUnit = f.unit().baseUnit();
        String mineral = f.reserve().mineral();
        if (price.isEmpty()) {
            return new StartPriceFloor.Line(f.reserve(), baseQuantity, baseUnit, null, null, StartPriceFloor.Gap.NO_BASE_PRICE,
                    "no base price for " + mineral + " in " + countyName + ", 驻马店市 or 河南省 valid on " + date);
        }
        BasePrice p = price.get();
        if (!p.unit().equals(baseUnit)) {
            return new StartPriceFloor.Line(f.reserve(), baseQuantity, baseUnit, p, null, StartPriceFloor.Gap.UNIT_MISMATCH,
                    "the base price for " + mineral + " is in " + p.priceUnit() + " but the reserve is in " + f.reserve().unit()
                            + " (base unit " + baseUnit + ")");
        }
        return new StartPriceFloor.Line(f.reserve(), baseQuantity, baseUnit, p, baseQuantity.multiply(p.unitPrice()).stripTrailingZeros(), null, null);
    }

    public Page<BasePrice> page(BasePriceFilter f, PageRequest request) {
        String afterMineral = null;
        Long afterId = null;
        if (request.after() != null) {
            List<?> c = Cursors.decode(request.after(), "after");
            if (c.size() != 3 || !"BASE_PRICE".equals(c.get(0)) || !(c.get(1) instanceof String m) || !(c.get(2) instanceof Number n)) {
                throw RegistryException.badInput("after", "after is not a cursor of basePrices");
            }
            afterMineral = m;
            afterId = n.longValue();
        }
        String regionCode = null;
        if (f.region() != null) {
            PriceRegion region = region(f.region());
            if (region == null) {
                throw RegistryException.badInput("filter.region", "unknown region " + Texts.quoted(f.region()) + "; use a code (410000, 411700, 411726) or a name (泌阳县)");
            }
            regionCode = region.code();
        }
        BasePriceRepository.Filter query = new BasePriceRepository.Filter(
                f.mineral() != null && !f.mineral().isBlank() ? f.mineral().strip() : null,
                regionCode,
                f.validOn(),
                f.edition() != null && !f.edition().isBlank() ? f.edition().strip() : null);
        return request.page(repository.page(query, afterMineral, afterId, request.fetch()), p -> Cursors.encode(List.of("BASE_PRICE", p.mineral(), p.id())),
                () -> repository.count(query));
    }

    public List<BasePriceRepository.Edition> editions() {
        return repository.editions();
    }

    /** What an import did: the edition, its rows, and earlier open-ended prices it ended. */
    public record ImportResult(BasePriceRepository.Edition edition, List<BasePrice> prices, List<BasePrice> superseded) {
    }

    /**
     * Imports an edition. Every row is validated first and every problem reported with its line; overlaps with
     * stored prices (same mineral, region and method on a common day) are refused unless {@code supersede} is set,
     * in which case an earlier open-ended price is ended the day before the new one starts. One transaction.
     */
    public ImportResult importCsv(Caller caller, String csv, String editionName, boolean supersede) {
        caller.requireEditor("Importing base prices");
        String name = editionName == null ? "" : editionName.strip();
        if (name.isEmpty() || name.length() > 200) {
            throw RegistryException.badInput("edition", "edition must name the edition (1 to 200 characters), e.g. 河南省矿业权出让收益市场基准价（2021年版）");
        }
        if (csv == null || csv.length() > MAX_CSV_CHARS) {
            throw RegistryException.badInput("csv", "csv must be the text of the file, at most " + MAX_CSV_CHARS + " characters");
        }
        Map<String, String> baseUnits = repository.units().values().stream()
                .collect(Collectors.toMap(BasePriceRepository.Unit::code, BasePriceRepository.Unit::baseUnit));
        BasePriceCsv.Result read = BasePriceCsv.read(csv, this::region, baseUnits);
        List<BasePriceCsv.RowError> errors = new ArrayList<>(read.errors());
        List<BasePriceCsv.Row> rows = read.rows();
        errors.addAll(overlapsWithin(rows));
        return Changes.transaction(repository.dsl(), caller, "importBasePrices", tx -> {
            if (repository.editionExists(tx, name)) {
                throw new RegistryException(ErrorCode.CONFLICT, "an edition named " + Texts.quoted(name) + " was already imported; editions are never overwritten",
                        Map.of("field", "edition"));
            }
            List<BasePrice> existing = rows.isEmpty() ? List.of()
                    : repository.ofMinerals(tx, rows.stream().map(BasePriceCsv.Row::mineral).collect(Collectors.toSet()));
            Map<Long, LocalDate> toClose = new LinkedHashMap<>();
            errors.addAll(overlapsWithStored(rows, existing, supersede, toClose));
            if (!errors.isEmpty()) {
                errors.sort(Comparator.comparingInt(BasePriceCsv.RowError::line));
                throw refusal(errors);
            }
            toClose.forEach((id, lastDay) -> repository.close(tx, id, lastDay));
            long editionId = repository.insertEdition(tx, name, caller.name(), rows);
            BasePriceRepository.Edition edition = repository.edition(tx, editionId);
            List<BasePrice> superseded = toClose.isEmpty() ? List.of() : repository.byIds(tx, toClose.keySet());
            return new ImportResult(edition, repository.ofEdition(tx, editionId), superseded);
        });
    }

    private static RegistryException refusal(List<BasePriceCsv.RowError> errors) {
        BasePriceCsv.RowError first = errors.getFirst();
        String message = errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + " in the CSV; nothing was imported. First: line "
                + first.line() + (first.column() != null ? " (" + first.column() + ")" : "") + ": " + first.message();
        return new RegistryException(ErrorCode.BAD_USER_INPUT, message, Map.of(
                "field", "csv",
                "rowErrors", errors.stream().limit(200).map(BasePriceCsv.RowError::toMap).toList(),
                "errorCount", errors.size()));
    }

    /** What one price is for: two prices of the same key must not be valid on the same day. */
    private record PriceKey(String mineral, String regionCode, String miningMethod) {
        static PriceKey of(BasePriceCsv.Row r) {
            return new PriceKey(r.mineral(), r.region().code(), r.miningMethod());
        }

        static PriceKey of(BasePrice p) {
            return new PriceKey(p.mineral(), p.region().code(), p.miningMethod());
        }
    }

    private static boolean overlap(LocalDate from1, LocalDate to1, LocalDate from2, LocalDate to2) {
        return (to2 == null || !from1.isAfter(to2)) && (to1 == null || !from2.isAfter(to1));
    }

    static List<BasePriceCsv.RowError> overlapsWithin(List<BasePriceCsv.Row> rows) {
        List<BasePriceCsv.RowError> errors = new ArrayList<>();
        // Rows are compared only with the earlier rows of their key (a file of 20 000 rows is not 2·10⁸ comparisons).
        Map<PriceKey, List<BasePriceCsv.Row>> earlier = new HashMap<>();
        for (BasePriceCsv.Row a : rows) {
            List<BasePriceCsv.Row> sameKey = earlier.computeIfAbsent(PriceKey.of(a), k -> new ArrayList<>());
            for (BasePriceCsv.Row b : sameKey) {
                if (overlap(a.validFrom(), a.validTo(), b.validFrom(), b.validTo())) {
                    errors.add(new BasePriceCsv.RowError(a.line(), "valid_from", "overlaps line " + b.line() + ": the same mineral, region and method "
                            + "can have only one price on any day"));
                }
            }
            sameKey.add(a);
        }
        return errors;
    }

    static List<BasePriceCsv.RowError> overlapsWithStored(List<BasePriceCsv.Row> rows, List<BasePrice> stored, boolean supersede,
                                                         Map<Long, LocalDate> toClose) {
        List<BasePriceCsv.RowError> errors = new ArrayList<>();
        Map<PriceKey, List<BasePrice>> storedByKey = stored.stream().collect(Collectors.groupingBy(PriceKey::of));
        for (BasePriceCsv.Row r : rows) {
            for (BasePrice p : storedByKey.getOrDefault(PriceKey.of(r), List.of())) {
                if (!overlap(r.validFrom(), r.validTo(), p.validFrom(), p.validTo())) {
                    continue;
                }
                boolean closable = supersede && p.validTo() == null && p.validFrom().isBefore(r.validFrom());
                if (closable) {
                    toClose.merge(p.id(), r.validFrom().minusDays(1), (x, y) -> x.isBefore(y) ? x : y);
                } else {
                    errors.add(new BasePriceCsv.RowError(r.line(), "valid_from", "overlaps the stored price of edition " + Texts.quoted(p.edition()) + " (line "
                            + p.sourceLine() + ", " + p.unitPrice().toPlainString() + " " + p.priceUnit() + ", valid " + p.validFrom() + " to "
                            + (p.validTo() == null ? "open end" : p.validTo()) + ")"
                            + (p.validTo() == null && p.validFrom().isBefore(r.validFrom()) ? "; import with supersede to end it the day before" : "")));
                }
            }
        }
        return errors;
    }
}
