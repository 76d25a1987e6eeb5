using System.Diagnostics;
using CommandLine;
using NasLid.Core;
using NasLid.Core.Ranking;
using NasLid.Core.Search;
using NasLid.Torch.Data;
using NasLid.Torch.Search;
using NasLid.Torch.Supernets;
using NasLid.Torch.Training;

namespace NasLid.Cli;

[Verb("groundtruth", HelpText = "Train architectures standalone and append them to a ground-truth table (CSV). Architectures already in the table are skipped, so an interrupted run resumes.")]
public sealed class GroundTruthVerb : IVerb
{
    [Option("space", Default = "nb201", HelpText = "Search space.")]
    public string Space { get; set; } = "";

    [Option("archs", HelpText = "File with one architecture string per line.")]
    public string? ArchitectureFile { get; set; }

    [Option("arch", HelpText = "One architecture string.")]
    public string? Architecture { get; set; }

    [Option("random", HelpText = "Train N architectures sampled uniformly from the space.")]
    public int? Random { get; set; }

    [Option("data", HelpText = "Dataset folder. Default: the embedded Fashion-MNIST subset.")]
    public string? Data { get; set; }

    [Option("width", Default = 8)]
    public int Width { get; set; }

    [Option("depth", Default = 1)]
    public int Depth { get; set; }

    [Option("epochs", Default = 4, HelpText = "Training epochs per architecture.")]
    public int Epochs { get; set; }

    [Option("batch", Default = 64)]
    public int Batch { get; set; }

    [Option("lr", Default = 0.05)]
    public double LearningRate { get; set; }

    [Option("seed", Default = 0UL, HelpText = "Seed of the sample and of training.")]
    public ulong Seed { get; set; }

    [Option("out", Required = true, HelpText = "The table to write or extend (CSV).")]
    public string Out { get; set; } = "";

    public int Run()
    {
        var data = DataSets.Load(Data, new DataOptions { Seed = Seed });
        var config = new SupernetConfig(Space, Width, Depth, data.Resolution, data.Channels, data.Classes);
        using var probe = Supernets.Create(config);
        var architectures = Requested(probe.Space);
        var existing = File.Exists(Out) ? GroundTruthTable.Parse(File.ReadAllText(Out), Out) : [];
        // A table holds one training recipe: rows made with other epochs or another seed are not this table's.
        if (existing.FirstOrDefault(r => r.Epochs != Epochs || r.Seed != Seed) is { } other)
            throw new NasLidException($"{Out}: {other.Architecture} was trained with {other.Epochs} epochs and seed {other.Seed}, " +
                $"not {Epochs} and {Seed}; write this recipe to another --out table");
        var done = existing.Select(r => r.Architecture).ToHashSet();
        if (!File.Exists(Out)) File.WriteAllText(Out, GroundTruthTable.Header + "\n");
        var todo = architectures.Where(a => !done.Contains(probe.Space.Format(a))).ToArray();
        Console.Error.WriteLine($"groundtruth: {architectures.Count} requested, {architectures.Count - todo.Length} already in {Out}, training {todo.Length}");
        var evaluator = new SubnetEvaluator(data, calibrationBatches: 1, seed: Seed);
        for (int i = 0; i < todo.Length; i++)
        {
            using var net = Supernets.Create(config, Seed);
            var clock = Stopwatch.StartNew();
            StandaloneTrainer.Train(net, todo[i], data, new TrainingOptions(Epochs, Batch, LearningRate, Seed: Seed));
            // Trained alone, the running statistics already belong to this path: evaluate them as they are.
            double accuracy = evaluator.Accuracy(net, todo[i], data.Test, recalibrate: false);
            var row = new GroundTruthRow(probe.Space.Format(todo[i]), accuracy, Seed, Epochs, net.ParameterCount(todo[i]), net.Flops(todo[i]), clock.Elapsed.TotalSeconds);
            File.AppendAllText(Out, GroundTruthTable.FormatRow(row) + "\n");
            Console.Error.WriteLine($"groundtruth: [{i + 1}/{todo.Length}] {row.Architecture} test {accuracy:P2} ({row.Seconds:F0} s)");
        }
        return 0;
    }

    IReadOnlyList<Architecture> Requested(ISearchSpace space)
    {
        int given = (ArchitectureFile is null ? 0 : 1) + (Architecture is null ? 0 : 1) + (Random is null ? 0 : 1);
        if (given != 1) throw new NasLidException("give exactly one of --archs FILE, --arch STRING or --random N");
        if (Architecture is not null) return [space.Parse(Architecture)];
        if (ArchitectureFile is not null)
        {
            if (!File.Exists(ArchitectureFile)) throw new NasLidException($"{ArchitectureFile}: file not found");
            return File.ReadAllLines(ArchitectureFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select((l, i) =>
                {
                    try { return space.Parse(l); }
                    catch (NasLidException e) { throw new NasLidException($"{ArchitectureFile}:{i + 1}: {e.Message}"); }
                }).ToArray();
        }
        if (Random <= 0) throw new NasLidException($"--random {Random} must be positive");
        var rng = new Rng(Seed);
        var full = SupernetMask.Full(space);
        var sample = new HashSet<Architecture>();
        while (sample.Count < Random) sample.Add(Evolution.RandomArchitecture(full, rng));
        return sample.ToArray();
    }
}
