using System.Text.Json;
using System.Text.Json.Serialization;
using NasLid.Core;

namespace NasLid.Torch.Search;

/// <summary>
/// A search's run folder: its config, one JSON record per completed stage, checkpoints and the report.
/// Every file is written whole or not at all (temporary file, then rename), and a stage counts as done only
/// once its marker exists, so a run killed at any moment resumes after its last completed stage.
/// </summary>
public sealed class RunFolder
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public RunFolder(string path)
    {
        Root = Path.GetFullPath(path);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>
    /// Writes the config on the first run; on a resume, refuses a config that differs in anything that
    /// changes the result, naming the first differing setting.
    /// </summary>
    public void BindConfig<T>(T config) where T : notnull
    {
        var path = PathOf("config.json");
        var text = JsonSerializer.Serialize(config, Json);
        if (File.Exists(path))
        {
            var stored = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            var given = JsonDocument.Parse(text).RootElement;
            foreach (var property in given.EnumerateObject())
                if (!stored.TryGetProperty(property.Name, out var old) || old.GetRawText() != property.Value.GetRawText())
                    throw new NasLidException($"{path}: this run folder was started with {property.Name} = " +
                        $"{(stored.TryGetProperty(property.Name, out var o) ? o.GetRawText() : "(unset)")}, not {property.Value.GetRawText()}; " +
                        "use another --run folder or the original settings");
            return;
        }
        WriteText("config.json", text);
    }

    public bool IsDone(string stage) => File.Exists(Marker(stage));

    public void MarkDone(string stage, TimeSpan took) =>
        WriteJson(Path.Combine("stages", stage + ".done"), new StageDone(DateTime.UtcNow, took.TotalSeconds));

    /// <summary>Completed stages with their durations, in completion order.</summary>
    public IReadOnlyList<(string Stage, StageDone Done)> CompletedStages()
    {
        var folder = Path.Combine(Root, "stages");
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "*.done")
            .Select(f => (Path.GetFileNameWithoutExtension(f), ReadJson<StageDone>(Path.Combine("stages", Path.GetFileName(f)))))
            .OrderBy(s => s.Item2.CompletedAt).ToArray();
    }

    public void WriteJson<T>(string relative, T value) => WriteText(relative, JsonSerializer.Serialize(value, Json));

    public T ReadJson<T>(string relative)
    {
        var path = PathOf(relative);
        if (!File.Exists(path)) throw new NasLidException($"{path}: missing; the stage that writes it has not completed");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                   ?? throw new NasLidException($"{path}: empty record");
        }
        catch (JsonException e)
        {
            throw new NasLidException($"{path}: not a valid record ({e.Message})");
        }
    }

    public void WriteText(string relative, string text) =>
        AtomicFile.Write(PathOf(relative), stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    string Marker(string stage) => Path.Combine(Root, "stages", stage + ".done");
}

public sealed record StageDone(DateTime CompletedAt, double Seconds);
