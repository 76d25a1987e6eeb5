using System.Globalization;
using CommandLine;
using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Kernels;
using NasLid.Torch.Characterisation;
using NasLid.Torch.Data;
using NasLid.Torch.Partition;
using NasLid.Torch.Search;

namespace NasLid.Cli;

[Verb("split", HelpText = "Run one partition step on a checkpointed supernet and write its records.")]
public sealed class SplitVerb : IVerb
{
    [Option("checkpoint", Required = true, HelpText = "A checkpoint written by naslid search or training (it names its supernet and mask).")]
    public string Checkpoint { get; set; } = "";

    [Option("mask", HelpText = "The sub-supernet to split, e.g. 11111|10100|...; default: the checkpoint's mask.")]
    public string? Mask { get; set; }

    [Option("criterion", Default = "lid", HelpText = "lid (NAS-LID) or gradient (GM-NAS).")]
    public string Criterion { get; set; } = "lid";

    [Option("data", HelpText = "Dataset folder; default: the embedded Fashion-MNIST subset. Its images must fit the checkpoint's supernet.")]
    public string? Data { get; set; }

    [Option("batches", Default = 4, HelpText = "Batches averaged per characterisation (the paper uses 50).")]
    public int Batches { get; set; } = 4;

    [Option("batch-size", Default = 128, HelpText = "Images per characterisation batch; must exceed k for LID.")]
    public int BatchSize { get; set; } = 128;

    [Option('k', "neighbours", Default = 20, HelpText = "Neighbours in the LID estimate (-k or --k).")]
    public int K { get; set; } = 20;

    [Option("lid-formula", Default = LidFormula.Exact, HelpText = "exact (paper Eq. 3), reference (the reference code) or levinabickel.")]
    public LidFormula LidFormula { get; set; }

    [Option("engine", Default = "cpu", HelpText = "LID engine: cpu, ilgpu or torch.")]
    public string Engine { get; set; } = "cpu";

    [Option("similarity", HelpText = "euclidean (Eq. 5, LID default), cosine (gradient default) or pearson.")]
    public SimilarityMeasure? Similarity { get; set; }

    [Option("layer-rule", Default = LayerChoiceRule.HighestGamma, HelpText = "highestgamma (paper) or largestbetweengroup (reference code).")]
    public LayerChoiceRule LayerRule { get; set; }

    [Option("out", Default = ".", HelpText = "Folder for the record, split.json.")]
    public string Out { get; set; } = ".";

    [Option("seed", Default = 0UL, HelpText = "Seeds the characterisation batches and the random paths through the other layers.")]
    public ulong Seed { get; set; }

    public int Run() => Run(Console.Out);

    public int Run(TextWriter output)
    {
        if (Batches <= 0) throw new NasLidException($"--batches {Batches} must be positive");
        if (BatchSize <= 0) throw new NasLidException($"--batch-size {BatchSize} must be positive");
        NasLid.Torch.Training.TorchThreads.Configure();
        var info = NasLid.Torch.Training.Checkpoint.ReadInfo(Checkpoint);
        var mask = Mask is null ? info.Mask : SupernetMask.Parse(Mask);
        var data = DataSets.Load(Data, new DataOptions { Seed = Seed });
        var config = info.Config;
        if (data.Channels != config.InputChannels || data.Resolution != config.Resolution || data.Classes != config.Classes)
            throw new NasLidException($"{Checkpoint}: the supernet takes {config.InputChannels}x{config.Resolution}x{config.Resolution} images " +
                                      $"of {config.Classes} classes; data {data.Name} has {data.Channels}x{data.Resolution}x{data.Resolution} of {data.Classes}");
        using var net = NasLid.Torch.Supernets.Supernets.Create(config);
        CheckFits(mask, net.Space);
        NasLid.Torch.Training.Checkpoint.Load(Checkpoint, net).Dispose();

        var batches = new BatchLoader(data.Train, data.Normalisation, Augmentation.None, BatchSize, Seed, shuffle: true, dropLast: true)
            .Epoch(0).Take(Batches).ToArray();
        if (batches.Length < Batches)
            throw new NasLidException($"data {data.Name} has {data.Train.Count} training images: {Batches} batches of {BatchSize} need {Batches * BatchSize}");
        using var engine = LidEngines.Create(Engine);
        ICandidateCharacterisation method = Criterion.Trim().ToLowerInvariant() switch
        {
            "lid" => new LidCharacterisation(engine, new LidOptions(K, LidFormula)),
            "gradient" => new GradientMatching(),
            _ => throw new NasLidException($"--criterion '{Criterion}': use lid or gradient"),
        };
        var record = SupernetPartition.Split(net, mask, method, batches, new Rng(Seed), new PartitionSettings(LayerRule, Similarity));

        var folder = new RunFolder(Out);
        folder.WriteJson("split.json", record);
        var chosen = record.Layers.Single(l => l.Layer == record.ChosenLayer);
        string Names(IReadOnlyList<int> ops) => string.Join(", ", ops.Select(o => net.Space.Layers[chosen.Layer].Ops[o]));
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"parent   {record.Parent}");
        output.WriteLine($"layer    {chosen.Layer} ({chosen.Name}), chosen by {record.Rule} among {record.Layers.Count} unsplit layer(s)");
        output.WriteLine(string.Create(inv, $"gamma    {chosen.Gamma:G6} ({record.Criterion}, {record.Similarity} similarity{(chosen.ExactBipartition ? "" : ", heuristic bipartition")})"));
        output.WriteLine($"group A  {{{Names(chosen.GroupA)}}} -> {record.ChildA}");
        output.WriteLine($"group B  {{{Names(chosen.GroupB)}}} -> {record.ChildB}");
        foreach (var note in chosen.Notes) output.WriteLine($"note     {note}");
        output.WriteLine($"record   {folder.PathOf("split.json")}");
        return 0;
    }

    void CheckFits(SupernetMask mask, ISearchSpace space)
    {
        var layers = space.Layers;
        if (mask.LayerCount != layers.Count || Enumerable.Range(0, layers.Count).Any(l => mask.OpCount(l) != layers[l].Ops.Count))
            throw new NasLidException($"--mask {mask} does not fit space {space.Name} of {Checkpoint} ({layers.Count} layers with {string.Join(",", layers.Select(l => l.Ops.Count))} ops)");
    }
}
