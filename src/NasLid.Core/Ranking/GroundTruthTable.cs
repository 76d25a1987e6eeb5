using System.Globalization;

namespace NasLid.Core.Ranking;

/// <summary>One architecture trained on its own: the accuracy rankings are judged against.</summary>
public sealed record GroundTruthRow(string Architecture, double Accuracy, ulong Seed, int Epochs, long Parameters, long Flops, double Seconds);

/// <summary>
/// The ground-truth table as CSV: a header, then one row per architecture. Architecture strings contain no
/// commas in any of our spaces, so no quoting is needed; a string with a comma is refused rather than misread.
/// </summary>
public static class GroundTruthTable
{
    public const string Header = "architecture,accuracy,seed,epochs,parameters,flops,seconds";

    public static string FormatRow(GroundTruthRow row)
    {
        if (row.Architecture.Contains(',')) throw new NasLidException($"architecture '{row.Architecture}' contains a comma");
        return string.Create(CultureInfo.InvariantCulture,
            $"{row.Architecture},{row.Accuracy:R},{row.Seed},{row.Epochs},{row.Parameters},{row.Flops},{row.Seconds:F1}");
    }

    /// <summary>Parses a table; <paramref name="source"/> names the file in errors.</summary>
    public static IReadOnlyList<GroundTruthRow> Parse(string text, string source)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length == 0 || lines[0] != Header)
            throw new NasLidException($"{source}: first line must be the header '{Header}'");
        var rows = new List<GroundTruthRow>();
        var seen = new HashSet<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var f = lines[i].Split(',');
            if (f.Length != 7)
                throw new NasLidException($"{source}:{i + 1}: expected 7 comma-separated fields, found {f.Length}");
            var inv = CultureInfo.InvariantCulture;
            if (!double.TryParse(f[1], NumberStyles.Float, inv, out var accuracy) || accuracy is < 0 or > 1)
                throw new NasLidException($"{source}:{i + 1}: accuracy '{f[1]}' must be a number in [0, 1]");
            if (!ulong.TryParse(f[2], inv, out var seed) || !int.TryParse(f[3], inv, out var epochs) ||
                !long.TryParse(f[4], inv, out var parameters) || !long.TryParse(f[5], inv, out var flops) ||
                !double.TryParse(f[6], NumberStyles.Float, inv, out var seconds))
                throw new NasLidException($"{source}:{i + 1}: seed, epochs, parameters, flops and seconds must be numbers");
            if (!seen.Add(f[0]))
                throw new NasLidException($"{source}:{i + 1}: architecture {f[0]} appears twice");
            rows.Add(new GroundTruthRow(f[0], accuracy, seed, epochs, parameters, flops, seconds));
        }
        return rows;
    }
}
