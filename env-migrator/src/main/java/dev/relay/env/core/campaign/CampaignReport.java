package dev.relay.env.core.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spreadsheet the runbook filled in by hand: one row per model, failures grouped by cause (the package or
 * check at fault, {@link FailureCause}), largest group first, so one fix can be seen to unblock many models.
 */
public final class CampaignReport {

    static final String[] COLUMNS = {"model", "release", "result", "cause", "stage", "check", "reason", "message",
            "python_from", "python_to", "added", "removed", "upgraded", "downgraded", "changes", "rollout", "log_tail"};

    private CampaignReport() {
    }

    /** Failed rows by cause, the largest group first (then by cause), models in name order. */
    public static Map<String, List<CampaignRow>> failuresByCause(CampaignRecord campaign) {
        Map<String, List<CampaignRow>> groups = new LinkedHashMap<>();
        campaign.rows().stream().filter(r -> r.result() == CampaignRow.Result.failed)
                .sorted(Comparator.comparing(CampaignRow::model))
                .forEach(r -> groups.computeIfAbsent(r.cause(), c -> new ArrayList<>()).add(r));
        Map<String, List<CampaignRow>> sorted = new LinkedHashMap<>();
        groups.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, List<CampaignRow>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Failures first, grouped as {@link #failuresByCause}; then pending and passed rows by model. RFC 4180. */
    public static String csv(CampaignRecord campaign) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", COLUMNS)).append("\r\n");
        for (CampaignRow r : ordered(campaign)) {
            List<String> cells = List.of(r.model(), r.releaseId(), r.result().name(), text(r.cause()), text(r.stage()),
                    text(r.check()), text(r.reason()), text(r.message()), text(r.pythonFrom()), text(r.pythonTo()),
                    String.valueOf(r.diff().added()), String.valueOf(r.diff().removed()), String.valueOf(r.diff().upgraded()),
                    String.valueOf(r.diff().downgraded()), r.diff().text(), rollout(r), text(r.logTail()));
            sb.append(String.join(",", cells.stream().map(CampaignReport::csvCell).toList())).append("\r\n");
        }
        return sb.toString();
    }

    public static String markdown(CampaignRecord campaign) {
        CampaignRecord.Counts n = campaign.counts();
        StringBuilder sb = new StringBuilder();
        sb.append("# Campaign ").append(campaign.campaignId()).append(": ").append(md(campaign.name())).append("\n\n");
        sb.append("Base image `").append(campaign.baseImage()).append('`');
        if (campaign.platformPackage() != null) {
            sb.append(", platform package `").append(campaign.platformPackage()).append('`');
        }
        sb.append(". State **").append(campaign.state().label()).append("**: ").append(n.total()).append(" models, ")
                .append(n.passed()).append(" passed, ").append(n.failed()).append(" failed, ").append(n.pending())
                .append(" pending.\n\n");
        Map<String, List<CampaignRow>> groups = failuresByCause(campaign);
        if (!groups.isEmpty()) {
            sb.append("## Failures by cause\n\n| cause | models | count |\n|---|---|---|\n");
            groups.forEach((cause, rows) -> sb.append("| ").append(md(cause)).append(" | ")
                    .append(md(String.join(", ", rows.stream().map(CampaignRow::model).toList()))).append(" | ")
                    .append(rows.size()).append(" |\n"));
            sb.append('\n');
        }
        sb.append("## Models\n\n| model | release | result | cause | stage | check | python | changes | rollout | message |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (CampaignRow r : ordered(campaign)) {
            sb.append("| ").append(md(r.model())).append(" | ").append(md(r.releaseId())).append(" | ").append(r.result().name())
                    .append(" | ").append(md(text(r.cause()))).append(" | ").append(md(text(r.stage()))).append(" | ")
                    .append(md(text(r.check()))).append(" | ").append(md(python(r))).append(" | ").append(md(r.diff().text()))
                    .append(" | ").append(rollout(r)).append(" | ").append(md(text(r.message()))).append(" |\n");
        }
        return sb.toString();
    }

    private static List<CampaignRow> ordered(CampaignRecord campaign) {
        List<CampaignRow> rows = new ArrayList<>();
        failuresByCause(campaign).values().forEach(rows::addAll);
        campaign.rows().stream().filter(r -> r.result() == CampaignRow.Result.pending).sorted(Comparator.comparing(CampaignRow::model))
                .forEach(rows::add);
        campaign.rows().stream().filter(r -> r.result() == CampaignRow.Result.passed).sorted(Comparator.comparing(CampaignRow::model))
                .forEach(rows::add);
        return rows;
    }

    private static String python(CampaignRow r) {
        if (r.pythonFrom() == null && r.pythonTo() == null) {
            return "";
        }
        return text(r.pythonFrom()) + " → " + text(r.pythonTo());
    }

    private static String rollout(CampaignRow r) {
        return switch (r.rollout()) {
            case none -> "";
            case cuttingOver -> "cutting-over";
            case cutOver -> "cut-over";
            case cutoverFailed -> "cutover-failed";
            case rollingBack -> "rolling-back";
            case rolledBack -> "rolled-back";
            case rollbackFailed -> "rollback-failed";
        };
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** Quoted when it holds a separator, a quote or a line break; a leading formula character is defused for spreadsheets. */
    static String csvCell(String s) {
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** One table cell: pipes escaped, lines joined. */
    static String md(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", " ⏎ ");
    }
}
