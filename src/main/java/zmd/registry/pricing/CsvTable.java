package zmd.registry.pricing;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RFC 4180 reader: comma separated, double quotes with "" as an escaped quote, fields may span lines,
 * CRLF or LF, an optional UTF-8 byte-order mark. Each record keeps the line it starts on, for error messages.
 */
final class CsvTable {
    record Record(int line, List<String> fields) {
        boolean blank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    /** A quote left open: the file cannot be split into records at all. */
    static final class MalformedCsv extends Exception {
        final int line;

        MalformedCsv(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private CsvTable() {
    }

    static List<Record> parse(String text) throws MalformedCsv {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.toString().isBlank() && !fieldWasQuoted) {
                        field.setLength(0);
                        quoted = true;
                        fieldWasQuoted = true;
                    } else {
                        throw new MalformedCsv(line, "a quote inside an unquoted field; quote the whole field and double the quote");
                    }
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldWasQuoted = false;
                }
                case '\r' -> {
                    // CRLF: the LF ends the record.
                }
                case '\n' -> {
                    fields.add(field.toString());
                    records.add(new Record(recordLine, List.copyOf(fields)));
                    fields.clear();
                    field.setLength(0);
                    fieldWasQuoted = false;
                    line++;
                    recordLine = line;
                }
                default -> {
                    if (fieldWasQuoted && !Character.isWhitespace(c)) {
                        throw new MalformedCsv(line, "text after the closing quote of a field");
                    }
                    if (!fieldWasQuoted) {
                        field.append(c);
                    }
                }
            }
            i++;
        }
        if (quoted) {
            throw new MalformedCsv(recordLine, "a quoted field is never closed");
        }
        if (!fields.isEmpty() || field.length() > 0) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records.stream().filter(r -> !r.blank()).toList();
    }
}
