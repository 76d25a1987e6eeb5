using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace NasLid.Core.Perf;

/// <summary>A figure as reports and baselines store it: <c>RequiresCuda</c> figures exist only on a GPU runner.</summary>
public sealed record ReportedFigure(string Name, double Value, Better Better, double? Tolerance = null, bool RequiresCuda = false)
{
    public PerfFigure ToFigure() => new(Name, Value, Better, Tolerance);
}

/// <summary>
/// One suite's output: where it ran, what it measured (free-form rows for the table) and the ratio figures the
/// regression gate compares. A baseline is the same shape with only the figures filled in.
/// </summary>
public sealed record PerfReport(
    string Suite,
    IReadOnlyDictionary<string, string> Machine,
    string Device,
    string Commit,
    IReadOnlyList<ReportedFigure> Figures,
    JsonArray? Rows = null)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <param name="source">The file it came from, for error messages.</param>
    public static PerfReport Parse(string json, string source)
    {
        try
        {
            var report = JsonSerializer.Deserialize<PerfReport>(json, Json) ?? throw new NasLidException($"perf report {source} is empty");
            if (report.Figures is null) throw new NasLidException($"perf report {source} has no 'figures' array");
            return report;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new NasLidException($"perf report {source} is not valid report JSON: {e.Message}");
        }
    }
}

/// <summary>
/// The lid suite's figures: per shape and engine, Torch reference time ÷ engine time (higher is better), from its
/// rows (b, m, engine, ratioToTorch). The ILGPU engine is only timed when CUDA is present.
/// </summary>
public static class LidFigures
{
    public static IReadOnlyList<ReportedFigure> From(JsonArray rows, string source)
    {
        var figures = new List<ReportedFigure>();
        foreach (var row in rows)
        {
            if (row is not JsonObject o || o["engine"] is null || o["b"] is null || o["m"] is null)
                throw new NasLidException($"lid report {source}: a row lacks engine, b or m: {row?.ToJsonString()}");
            string engine = o["engine"]!.GetValue<string>();
            if (engine.StartsWith("torch", StringComparison.Ordinal) || o["ratioToTorch"] is not JsonValue ratio) continue;
            figures.Add(new ReportedFigure($"lid.{engine}.{o["b"]}x{o["m"]}.torch_over_engine", ratio.GetValue<double>(), Better.Higher,
                RequiresCuda: engine == "ilgpu"));
        }
        return figures;
    }
}
