using System.Globalization;
using System.Text;
using NasLid.Core.Search;

namespace NasLid.Torch.Search;

/// <summary>The run's markdown report: what was searched, how the supernet was split, what was found, and the figures.</summary>
public static class SearchReport
{
    public static string Markdown(SearchConfig config, RunFolder run, PartitionTree? tree, IReadOnlyList<SeparabilityRecord>? separability,
        IReadOnlyList<GenerationRecord> history, SearchResult result, Func<int, int, string> opName, IReadOnlyList<string> figures)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine($"# NAS-LID search: {config.Space}, criterion {config.Criterion.ToString().ToLowerInvariant()}, seed {config.Seed}");
        md.AppendLine();
        md.AppendLine($"Data: {config.Data ?? "embedded Fashion-MNIST subset"}. Supernet width {config.Width}, depth {config.Depth}. " +
                      $"{config.Rounds} round{(config.Rounds == 1 ? "" : "s")}, {config.LeafCount} sub-supernet{(config.LeafCount == 1 ? "" : "s")}. Config: `config.json`.");
        md.AppendLine();
        md.AppendLine("## Best architectures");
        md.AppendLine("| architecture | sub-supernet | validation acc | test acc (inherited) | params | FLOPs (MACs) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var b in result.Best)
            md.AppendLine(string.Create(inv, $"| {Code(b.Architecture)} | {b.Leaf} | {b.ValidationAccuracy:P2} | {b.TestAccuracy:P2} | {b.Parameters:N0} | {b.Flops:N0} |"));
        md.AppendLine();
        md.AppendLine($"{result.Evaluations} architectures evaluated over {history.Count} generations.");
        if (tree is not null)
        {
            md.AppendLine();
            md.AppendLine("## Partition tree");
            md.AppendLine("| node | parent | mask | split layer | gamma |");
            md.AppendLine("|---:|---:|---|---|---:|");
            foreach (var n in tree.Nodes)
                md.AppendLine(string.Create(inv, $"| {n.Id} | {n.Parent?.ToString(inv) ?? "-"} | {Code(n.Mask)} | {n.SplitLayerName ?? "-"} | {(n.Gamma is { } g ? g.ToString("G4", inv) : "-")} |"));
            md.AppendLine();
            md.AppendLine("Each split's profiles, similarity matrix, gamma and groups: `partition/split-<node>.json`.");
        }
        if (separability is { Count: > 0 })
        {
            md.AppendLine();
            md.AppendLine("## Separability of the warmed-up supernet (Eq. 7)");
            md.AppendLine("| layer | LID | gradient | ratio |");
            md.AppendLine("|---|---:|---:|---:|");
            foreach (var s in separability)
                md.AppendLine(string.Create(inv, $"| {s.Name} | {s.Lid:G4} | {s.Gradient:G4} | {s.Lid / s.Gradient:G3} |"));
        }
        md.AppendLine();
        md.AppendLine("## Stages");
        md.AppendLine("| stage | seconds |");
        md.AppendLine("|---|---:|");
        foreach (var (stage, done) in run.CompletedStages())
            md.AppendLine(string.Create(inv, $"| {stage} | {done.Seconds:F1} |"));
        md.AppendLine();
        md.AppendLine("## Figures");
        foreach (var figure in figures)
            md.AppendLine($"![{figure}]({figure})");
        return md.ToString();
    }

    /// <summary>Architecture strings and masks are made of '|': escaped, they stay inside one table cell.</summary>
    static string Code(string text) => "`" + text.Replace("|", "\\|") + "`";
}
