using System.Diagnostics;
using System.Globalization;
using CommandLine;
using NasLid.Core;
using NasLid.Core.Partitioning;
using NasLid.Torch.Search;
using NasLid.Torch.Training;

namespace NasLid.Cli;

[Verb("search", isDefault: false, HelpText = "Run the whole NAS-LID pipeline: warm-up, partition, fine-tuning, evolutionary search. Re-running on the same --run folder resumes after the last completed stage.")]
public sealed class SearchVerb : IVerb
{
    static readonly SearchConfig Defaults = new();

    [Option("space", Default = "nb201", HelpText = "Search space: nb201, proxyless or ofa.")]
    public string Space { get; set; } = "";

    [Option("data", HelpText = "Dataset folder (IDX, CIFAR binary or image folders). Default: the embedded Fashion-MNIST subset.")]
    public string? Data { get; set; }

    [Option("criterion", Default = Criterion.Lid, HelpText = "How the supernet is split: lid (NAS-LID), gradient (GM-NAS) or none (plain one-shot RSPS), on the same budget.")]
    public Criterion Criterion { get; set; }

    [Option("rounds", Default = 2, HelpText = "Partition rounds T (2^T sub-supernets; the paper uses 4).")]
    public int Rounds { get; set; }

    [Option("width", Default = 8, HelpText = "Supernet width (NB201 C; the benchmark uses 16).")]
    public int Width { get; set; }

    [Option("depth", Default = 1, HelpText = "Supernet depth (NB201 cells per stage N; the benchmark uses 5).")]
    public int Depth { get; set; }

    [Option("warmup-epochs", Default = 3, HelpText = "Epochs of RSPS training of the whole supernet before the first split.")]
    public int WarmupEpochs { get; set; }

    [Option("round-epochs", Default = 1, HelpText = "Epochs each sub-supernet trains before it is split in later rounds.")]
    public int RoundEpochs { get; set; }

    [Option("finetune-epochs", Default = 2, HelpText = "Epochs of fine-tuning of each final sub-supernet.")]
    public int FinetuneEpochs { get; set; }

    [Option("batch", Default = 64, HelpText = "Training batch size.")]
    public int Batch { get; set; }

    [Option("lr", Default = 0.05, HelpText = "Initial learning rate (cosine schedule).")]
    public double LearningRate { get; set; }

    [Option('k', "neighbours", Default = 20, HelpText = "Neighbours in the LID estimate (-k or --k).")]
    public int K { get; set; }

    [Option("lid-formula", Default = LidFormula.Exact, HelpText = "exact (paper Eq. 3), reference (the reference code) or levinabickel.")]
    public LidFormula LidFormula { get; set; }

    [Option("engine", Default = "cpu", HelpText = "LID engine: cpu, ilgpu or torch.")]
    public string Engine { get; set; } = "";

    [Option("char-batches", Default = 4, HelpText = "Batches averaged per characterisation (the paper uses 50).")]
    public int CharacterisationBatches { get; set; }

    [Option("char-batch-size", Default = 128, HelpText = "Images per characterisation batch; must exceed k.")]
    public int CharacterisationBatchSize { get; set; }

    [Option("similarity", HelpText = "euclidean (Eq. 5, LID default), cosine (gradient default) or pearson.")]
    public SimilarityMeasure? Similarity { get; set; }

    [Option("layer-rule", Default = LayerChoiceRule.HighestGamma, HelpText = "highestgamma (paper) or largestbetweengroup (reference code).")]
    public LayerChoiceRule LayerRule { get; set; }

    [Option("population", Default = 20, HelpText = "Evolution population (the paper uses 50).")]
    public int Population { get; set; }

    [Option("generations", Default = 8, HelpText = "Evolution generations (the paper uses 50).")]
    public int Generations { get; set; }

    [Option("seed", Default = 0UL, HelpText = "Seed of every random choice.")]
    public ulong Seed { get; set; }

    [Option("run", HelpText = "Run folder. Default: runs/<space>-<criterion>-seed<seed>.")]
    public string? RunPath { get; set; }

    [Option("stage", Default = "all", HelpText = "Run one stage alone: warmup, separability, split, finetune, evolution, report (with --index for split and finetune), or all.")]
    public string StageName { get; set; } = "all";

    [Option("index", HelpText = "Tree node for --stage split, sub-supernet for --stage finetune.")]
    public int? Index { get; set; }

    static readonly string[] Stages = ["all", "warmup", "separability", "split", "finetune", "evolution", "report"];

    public int Run()
    {
        // Checked before the run folder is made or the data loaded: a command that cannot run leaves nothing behind.
        if (!Stages.Contains(StageName))
            throw new NasLidException($"unknown stage '{StageName}': use {string.Join(", ", Stages)}");
        if (StageName is "split" or "finetune") RequireIndex();
        var config = new SearchConfig
        {
            Space = Space, Data = Data, Criterion = Criterion, Rounds = Rounds, Width = Width, Depth = Depth,
            WarmupEpochs = WarmupEpochs, RoundEpochs = RoundEpochs, FinetuneEpochs = FinetuneEpochs, BatchSize = Batch,
            LearningRate = LearningRate, K = K, LidFormula = LidFormula, Engine = Engine,
            CharacterisationBatches = CharacterisationBatches, CharacterisationBatchSize = CharacterisationBatchSize,
            Similarity = Similarity, LayerRule = LayerRule, Population = Population, Generations = Generations, Seed = Seed,
        };
        config.Validate();
        var folder = RunPath ?? Path.Combine("runs", $"{Space}-{Criterion.ToString().ToLowerInvariant()}-seed{Seed}");
        var run = new RunFolder(folder);
        Console.Error.WriteLine($"naslid search: run folder {run.Root}");
        var clock = Stopwatch.StartNew();
        using var pipeline = new SearchPipeline(config, run, ConsoleProgress.ForConsole(), Console.Error);
        switch (StageName)
        {
            case "all":
                Print(pipeline.RunAll(), run, clock.Elapsed);
                return 0;
            case "split":
                pipeline.Stage(SearchPipeline.SplitStage(RequireIndex()), () => pipeline.Split(RequireIndex()));
                return 0;
            case "finetune":
                pipeline.Stage(SearchPipeline.LeafStage(RequireIndex()), () => pipeline.Finetune(RequireIndex()));
                return 0;
            case "warmup" or "separability" or "evolution" or "report":
                pipeline.RunOnly(StageName);
                return 0;
            default:
                throw new NasLidException($"unknown stage '{StageName}': use {string.Join(", ", Stages)}");
        }
    }

    int RequireIndex() => Index ?? throw new NasLidException($"--stage {StageName} needs --index");

    static void Print(SearchResult result, RunFolder run, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("best architectures (validation accuracy with inherited weights):");
        foreach (var b in result.Best)
            Console.WriteLine(string.Create(inv, $"  {b.Architecture}  sub-supernet {b.Leaf}  val {b.ValidationAccuracy:P2}  test {b.TestAccuracy:P2}  params {b.Parameters:N0}  FLOPs {b.Flops:N0}"));
        Console.WriteLine($"report: {Path.Combine(run.Root, "report.md")} ({elapsed.TotalMinutes:F1} min this invocation)");
    }
}
