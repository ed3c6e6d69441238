package dev.eventpipe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.infra.TfConfig.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The columns of the Glue tables in Terraform, and a comparison of two column lists in both directions
 * (a column nobody writes, a field no column reads, a type that differs). The columns the code writes
 * come from {@link RecordShapes}.
 */
public final class GlueColumns {

    private static final Pattern LOCAL = Pattern.compile("^\\$\\{local\\.([A-Za-z0-9_]+)}$");
    private static final Pattern EACH_VALUE = Pattern.compile("^\\$\\{each\\.value\\.([A-Za-z0-9_]+)}$");

    private GlueColumns() {
    }

    /**
     * Every {@code aws_glue_catalog_table} by its name: columns in order, name to Hive type. Follows
     * literal {@code columns} blocks and {@code dynamic "columns"} over a local, directly or through the
     * table's own {@code for_each} ({@code each.value.columns}).
     */
    public static Map<String, Map<String, String>> tables(TfConfig c) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Block t : c.resources("aws_glue_catalog_table")) {
            JsonNode forEach = resolve(c, t.attr("for_each"), null);
            if (forEach.isObject()) {
                forEach.fields().forEachRemaining(e -> out.put(e.getKey(), columns(c, t, e.getValue())));
            } else {
                out.put(c.literal(t.attr("name")), columns(c, t, null));
            }
        }
        return out;
    }

    private static Map<String, String> columns(TfConfig c, Block table, JsonNode each) {
        JsonNode sd = table.block("storage_descriptor");
        List<JsonNode> cols = new ArrayList<>();
        sd.path("columns").forEach(cols::add);
        for (JsonNode dyn : sd.path("dynamic").path("columns")) {
            resolve(c, dyn.path("for_each"), each).forEach(cols::add);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode col : cols) {
            out.put(resolve(c, col.path("name"), each).asText(), resolve(c, col.path("type"), each).asText());
        }
        return out;
    }

    /** A value, with {@code ${local.x}} and {@code ${each.value.x}} replaced by what they name. */
    private static JsonNode resolve(TfConfig c, JsonNode value, JsonNode each) {
        for (int depth = 0; depth < 5 && value.isTextual(); depth++) {
            Matcher local = LOCAL.matcher(value.asText());
            Matcher eachValue = EACH_VALUE.matcher(value.asText());
            if (local.matches()) {
                value = c.local(local.group(1));
            } else if (each != null && eachValue.matches()) {
                value = each.path(eachValue.group(1));
            } else {
                break;
            }
        }
        return value;
    }

    /**
     * What differs between the columns the code writes and a table's, in both directions: a field written
     * but not a column, a column not written, and a type that differs (struct members compared by name,
     * in any order).
     */
    public static List<String> differences(String table, Map<String, String> written, Map<String, String> columns) {
        List<String> v = new ArrayList<>();
        written.forEach((name, type) -> {
            if (!columns.containsKey(name)) {
                v.add(table + ": the code writes " + name + " (" + type + "), which is no column");
            } else if (!HiveType.canonical(type).equals(HiveType.canonical(columns.get(name)))) {
                v.add(table + ": column " + name + " is " + columns.get(name) + ", but the code writes " + type);
            }
        });
        columns.keySet().stream().filter(name -> !written.containsKey(name))
                .forEach(name -> v.add(table + ": column " + name + " is written by nothing in the code"));
        return v;
    }

    /** Hive type names, compared structurally: lower case, no spaces, struct members sorted by name. */
    static final class HiveType {
        private HiveType() {
        }

        static String canonical(String type) {
            String t = type.replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT);
            int[] pos = {0};
            String out = parse(t, pos);
            if (pos[0] != t.length()) {
                throw new InfraCheckException("not a Hive type: " + type);
            }
            return out;
        }

        private static String parse(String t, int[] pos) {
            int start = pos[0];
            while (pos[0] < t.length() && "<>,:".indexOf(t.charAt(pos[0])) < 0) {
                if (t.charAt(pos[0]) == '(') { // decimal(38,9): the comma is the type's own
                    pos[0] = t.indexOf(')', pos[0]);
                }
                pos[0]++;
            }
            String head = t.substring(start, pos[0]);
            if (pos[0] >= t.length() || t.charAt(pos[0]) != '<') {
                return head;
            }
            pos[0]++; // '<'
            List<String> parts = new ArrayList<>();
            while (true) {
                if (head.equals("struct")) {
                    int nameStart = pos[0];
                    while (t.charAt(pos[0]) != ':') {
                        pos[0]++;
                    }
                    String name = t.substring(nameStart, pos[0]);
                    pos[0]++; // ':'
                    parts.add(name + ":" + parse(t, pos));
                } else {
                    parts.add(parse(t, pos));
                }
                char ch = t.charAt(pos[0]++);
                if (ch == '>') {
                    break;
                }
                if (ch != ',') {
                    throw new InfraCheckException("not a Hive type: " + t);
                }
            }
            if (head.equals("struct")) {
                parts.sort(null);
            }
            return head + "<" + String.join(",", parts) + ">";
        }
    }
}
