package zmd.registry.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import zmd.registry.core.Decimals;
import zmd.registry.core.Texts;

/**
 * Reads an edition of base prices from CSV and validates every row, collecting every problem with its line and
 * column, so staff can fix the whole file in one go. Header names are English or Chinese:
 * <pre>mineral,region,mining_method,unit_price,unit,valid_from,valid_to,source_document
 * 矿种,区域,开采方式,基准价,单位,起始日期,截止日期,依据文件</pre>
 * region is a code (410000, 411700, 411726) or a name (河南省, 驻马店市, 泌阳县); mining_method is empty (any),
 * OPEN_PIT/露天开采 or UNDERGROUND/地下开采; unit is the base unit the price is per (吨 or 元/吨, 立方米, 千克);
 * dates are ISO (2021-01-01), valid_to inclusive and empty when open-ended.
 */
final class BasePriceCsv {
    static final int MAX_ROWS = 20_000;

    record Row(int line, String mineral, PriceRegion region, String miningMethod, BigDecimal unitPrice, String unit,
               LocalDate validFrom, LocalDate validTo, String sourceDocument) {
    }

    record RowError(int line, String column, String message) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", line);
            m.put("column", column);
            m.put("message", message);
            return m;
        }
    }

    record Result(List<Row> rows, List<RowError> errors) {
    }

    private static final Map<String, String> COLUMN_ALIASES = Map.ofEntries(
            Map.entry("mineral", "mineral"), Map.entry("矿种", "mineral"),
            Map.entry("region", "region"), Map.entry("区域", "region"), Map.entry("行政区", "region"),
            Map.entry("mining_method", "mining_method"), Map.entry("开采方式", "mining_method"),
            Map.entry("unit_price", "unit_price"), Map.entry("基准价", "unit_price"), Map.entry("单价", "unit_price"),
            Map.entry("unit", "unit"), Map.entry("单位", "unit"), Map.entry("计价单位", "unit"),
            Map.entry("valid_from", "valid_from"), Map.entry("起始日期", "valid_from"), Map.entry("生效日期", "valid_from"),
            Map.entry("valid_to", "valid_to"), Map.entry("截止日期", "valid_to"), Map.entry("失效日期", "valid_to"),
            Map.entry("source_document", "source_document"), Map.entry("依据文件", "source_document"));
    private static final List<String> REQUIRED = List.of("mineral", "region", "unit_price", "unit", "valid_from", "source_document");

    private static final Map<String, String> METHODS = Map.of(
            "OPEN_PIT", "OPEN_PIT", "露天", "OPEN_PIT", "露天开采", "OPEN_PIT",
            "UNDERGROUND", "UNDERGROUND", "地下", "UNDERGROUND", "地下开采", "UNDERGROUND");

    private BasePriceCsv() {
    }

    /**
     * @param regions  code or name -> region
     * @param baseUnits unit code -> its base unit (a price must be per a base unit)
     */
    static Result read(String text, Function<String, PriceRegion> regions, Map<String, String> baseUnits) {
        List<RowError> errors = new ArrayList<>();
        List<CsvTable.Record> records;
        try {
            records = CsvTable.parse(text);
        } catch (CsvTable.MalformedCsv e) {
            return new Result(List.of(), List.of(new RowError(e.line, null, e.getMessage())));
        }
        if (records.isEmpty()) {
            return new Result(List.of(), List.of(new RowError(1, null, "the CSV is empty: it needs a header line and at least one row")));
        }
        CsvTable.Record header = records.getFirst();
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            String canonical = COLUMN_ALIASES.get(name.toLowerCase(Locale.ROOT));
            if (canonical == null) {
                errors.add(new RowError(header.line(), Texts.shortened(name), "unknown column " + Texts.quoted(name) + "; the columns are " + String.join(", ", canonicalColumns())));
            } else if (columns.putIfAbsent(canonical, i) != null) {
                errors.add(new RowError(header.line(), name, "column " + canonical + " appears twice"));
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                errors.add(new RowError(header.line(), required, "the header has no column " + required));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(List.of(), errors);
        }
        if (records.size() - 1 > MAX_ROWS) {
            return new Result(List.of(), List.of(new RowError(records.get(MAX_ROWS + 1).line(), null,
                    "more than " + MAX_ROWS + " rows; split the edition")));
        }
        if (records.size() == 1) {
            return new Result(List.of(), List.of(new RowError(header.line(), null, "the CSV has a header but no rows")));
        }
        List<Row> rows = new ArrayList<>();
        for (CsvTable.Record record : records.subList(1, records.size())) {
            Row row = row(record, header.fields().size(), columns, regions, baseUnits, errors);
            if (row != null) {
                rows.add(row);
            }
        }
        return new Result(rows, errors);
    }

    private static Row row(CsvTable.Record r, int width, Map<String, Integer> columns, Function<String, PriceRegion> regions,
                           Map<String, String> baseUnits, List<RowError> errors) {
        int line = r.line();
        if (r.fields().size() != width) {
            errors.add(new RowError(line, null, "the row has " + r.fields().size() + " fields, the header " + width));
            return null;
        }
        int before = errors.size();
        String mineral = text(r, columns, "mineral", 100, true, errors);
        String regionText = text(r, columns, "region", 50, true, errors);
        PriceRegion region = null;
        if (regionText != null) {
            region = regions.apply(regionText);
            if (region == null) {
                errors.add(new RowError(line, "region", "unknown region " + Texts.quoted(regionText)
                        + "; use 410000 (河南省), 411700 (驻马店市) or a county of Zhumadian by code or name"));
            }
        }
        String methodText = text(r, columns, "mining_method", 20, false, errors);
        String method = null;
        if (methodText != null && !methodText.equalsIgnoreCase("ANY") && !methodText.equals("不限")) {
            method = METHODS.get(methodText.toUpperCase(Locale.ROOT));
            if (method == null) {
                errors.add(new RowError(line, "mining_method", "unknown mining method " + Texts.quoted(methodText)
                        + "; leave it empty for any, or OPEN_PIT (露天开采) or UNDERGROUND (地下开采)"));
            }
        }
        BigDecimal price = null;
        String priceText = text(r, columns, "unit_price", 40, true, errors);
        if (priceText != null) {
            if (priceText.indexOf(',') >= 0) {
                // 1,500 and 1,5 mean different things in different hands: refused rather than guessed.
                errors.add(new RowError(line, "unit_price", "unit_price " + Texts.quoted(priceText)
                        + " has a comma; write it without thousands separators, with a point for decimals"));
                priceText = null;
            }
        }
        if (priceText != null) {
            try {
                price = new BigDecimal(priceText);
                if (price.signum() <= 0) {
                    errors.add(new RowError(line, "unit_price", "unit_price must be greater than 0, got " + Texts.quoted(priceText)));
                } else if (!Decimals.fits(price, Decimals.UNIT_PRICE)) {
                    errors.add(new RowError(line, "unit_price", "unit_price has more than 4 decimals or 10 integer digits: " + Texts.quoted(priceText)));
                }
            } catch (NumberFormatException e) {
                errors.add(new RowError(line, "unit_price", "unit_price " + Texts.quoted(priceText) + " is not a decimal number"));
            }
        }
        String unitText = text(r, columns, "unit", 20, true, errors);
        String unit = null;
        if (unitText != null) {
            unit = unitText.startsWith("元/") ? unitText.substring(2).strip() : unitText;
            String base = baseUnits.get(unit);
            if (base == null) {
                errors.add(new RowError(line, "unit", "unknown unit " + Texts.quoted(unitText) + "; a base price is per 吨, 立方米 or 千克"));
            } else if (!base.equals(unit)) {
                errors.add(new RowError(line, "unit", "a base price is per base unit: give the price per " + base + ", not per " + unit));
            }
        }
        LocalDate from = date(r, columns, "valid_from", true, errors);
        LocalDate to = date(r, columns, "valid_to", false, errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add(new RowError(line, "valid_to", "valid_to " + to + " is before valid_from " + from));
        }
        String source = text(r, columns, "source_document", 500, true, errors);
        if (errors.size() > before) {
            return null;
        }
        return new Row(line, mineral, region, method, price, unit, from, to, source);
    }

    private static String text(CsvTable.Record r, Map<String, Integer> columns, String column, int max, boolean required, List<RowError> errors) {
        Integer i = columns.get(column);
        String v = i == null ? "" : r.fields().get(i).strip();
        if (v.isEmpty()) {
            if (required) {
                errors.add(new RowError(r.line(), column, column + " is empty"));
            }
            return null;
        }
        if (v.length() > max) {
            errors.add(new RowError(r.line(), column, column + " is longer than " + max + " characters"));
            return null;
        }
        return v;
    }

    private static LocalDate date(CsvTable.Record r, Map<String, Integer> columns, String column, boolean required, List<RowError> errors) {
        String v = text(r, columns, column, 40, required, errors);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new RowError(r.line(), column, column + " " + Texts.quoted(v) + " is not a date like 2021-01-01"));
            return null;
        }
    }

    private static List<String> canonicalColumns() {
        return List.of("mineral", "region", "mining_method", "unit_price", "unit", "valid_from", "valid_to", "source_document");
    }
}
