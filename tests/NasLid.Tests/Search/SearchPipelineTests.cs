using NasLid.Core;
using NasLid.Torch.Search;
using NUnit.Framework;
using SkiaSharp;

namespace NasLid.Tests.Search;

public class SearchPipelineTests : TempFolderTest
{
    /// <summary>Every stage of the real pipeline at the smallest size that still exercises it: seconds, not minutes.</summary>
    internal static SearchConfig Miniature(string data, Criterion criterion = Criterion.Lid) => new()
    {
        Data = data, Criterion = criterion, Width = 8, Depth = 1, Rounds = 1, WarmupEpochs = 1, RoundEpochs = 1, FinetuneEpochs = 1,
        BatchSize = 32, K = 5, CharacterisationBatches = 1, CharacterisationBatchSize = 16, Population = 4, Generations = 2,
        CalibrationBatches = 1, Seed = 3,
    };

    /// <summary>The miniature search through the CLI, as a user would type it.</summary>
    internal static string[] MiniatureCliSearch(string data, string criterion, string runPath, int seed = 1) =>
    [
        "search", "--data", data, "--criterion", criterion, "--run", runPath, "--rounds", "1", "--warmup-epochs", "1",
        "--round-epochs", "1", "--finetune-epochs", "1", "--batch", "32", "--k", "5", "--char-batches", "1",
        "--char-batch-size", "16", "--population", "2", "--generations", "1", "--seed", seed.ToString(),
    ];

    static readonly string[] LidRunFiles =
    [
        "config.json", "partition/tree.json", "partition/split-0.json", "records/separability.json", "records/profiles.json",
        "evolution/history.json", "result.json", "report.md", "plots/lid-profiles.png", "plots/separability.png", "plots/evolution.png",
        "checkpoints/node-0.ckpt", "checkpoints/leaf-0.ckpt", "checkpoints/leaf-1.ckpt",
    ];

    static void AssertValidPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Take(8), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }), path);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.That(bitmap, Is.Not.Null, $"{path} decodes");
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((800, 500)), path);
    }

    static string RunAll(SearchConfig config, RunFolder run)
    {
        var log = new StringWriter();
        using var pipeline = new SearchPipeline(config, run, log: log);
        pipeline.RunAll();
        return log.ToString();
    }

    [Test]
    public void AMiniatureSearchWritesEveryRecordAndPlotAndResumesAfterItsLastCompletedStage()
    {
        var config = Miniature(MiniFashion.Write(Folder));
        var run = new RunFolder(Path.Combine(Folder, "run"));
        var firstLog = RunAll(config, run);

        foreach (var file in LidRunFiles)
            Assert.That(File.Exists(Path.Combine(run.Root, file)), Is.True, $"{file} written");
        foreach (var png in Directory.GetFiles(Path.Combine(run.Root, "plots"), "*.png"))
            AssertValidPng(png);
        var tree = run.ReadJson<PartitionTree>("partition/tree.json");
        Assert.That(tree.Nodes.Select(n => n.Id), Is.EqualTo(new[] { 0, 1, 2 }));
        var split = run.ReadJson<Torch.Partition.SplitRecord>("partition/split-0.json");
        Assert.That((tree.Node(1).Mask, tree.Node(2).Mask), Is.EqualTo((split.ChildA, split.ChildB)));
        var result = run.ReadJson<SearchResult>("result.json");
        Assert.That(result.Best, Is.Not.Empty);
        Assert.That(result.Best.All(b => SupernetMask.Parse(b.Mask).Contains(new Architecture(b.OpIndices.Select(c => c - '0')))), Is.True,
            "each found architecture lies in the sub-supernet that evaluated it");
        Assert.That(File.ReadAllText(Path.Combine(run.Root, "report.md")), Does.Contain("plots/evolution.png"));
        foreach (var stage in new[] { "warmup", "separability", "split-0", "finetune-0", "finetune-1", "evolution", "report" })
            Assert.That(firstLog, Does.Contain($"[{stage}] started"));

        // An interruption during finetune-1, after its checkpoint but before its marker: the stages after it never ran.
        var resultText = File.ReadAllText(Path.Combine(run.Root, "result.json"));
        var historyTime = File.GetLastWriteTimeUtc(Path.Combine(run.Root, "evolution/history.json"));
        foreach (var stage in new[] { "finetune-1", "evolution", "report" })
            File.Delete(Path.Combine(run.Root, "stages", stage + ".done"));
        File.Delete(Path.Combine(run.Root, "result.json"));
        var secondLog = RunAll(config, run);

        foreach (var stage in new[] { "warmup", "separability", "split-0", "finetune-0" })
        {
            Assert.That(secondLog, Does.Contain($"[{stage}] done already, skipped"));
            Assert.That(secondLog, Does.Not.Contain($"[{stage}] started"));
        }
        foreach (var stage in new[] { "finetune-1", "evolution", "report" })
            Assert.That(secondLog, Does.Contain($"[{stage}] started"));
        Assert.That(File.ReadAllText(Path.Combine(run.Root, "result.json")), Is.EqualTo(resultText), "the resumed run reaches the same result");
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(run.Root, "evolution/history.json")), Is.GreaterThanOrEqualTo(historyTime));

        // A third run has nothing left to do.
        var thirdLog = RunAll(config, run);
        Assert.That(thirdLog, Does.Not.Contain("] started"));
    }

    [Test]
    public void AResumeWithADifferentConfigIsRefusedNamingTheSetting()
    {
        var data = MiniFashion.Write(Folder);
        var run = new RunFolder(Path.Combine(Folder, "run"));
        new SearchPipeline(Miniature(data), run).Dispose();

        var ex = Assert.Throws<NasLidException>(() => new SearchPipeline(Miniature(data) with { K = 6 }, run).Dispose());
        Assert.That(ex!.Message, Does.Contain("k = 5").And.Contain("not 6").And.Contain("config.json"));
        ex = Assert.Throws<NasLidException>(() => new SearchPipeline(Miniature(data, Criterion.Gradient), run).Dispose());
        Assert.That(ex!.Message, Does.Contain("criterion").And.Contain("Lid"));
    }

    /// <summary>Each of these used to pass validation, bind the config, and fail only in the stage that needs it.</summary>
    [TestCase("warmup", "warm-up epochs 0")]
    [TestCase("batch", "batch size 0")]
    [TestCase("lr", "learning rate -1")]
    [TestCase("calibration", "calibration batches 0")]
    [TestCase("engine", "unknown LID engine 'gpu'")]
    public void ASettingNoStageCouldRunIsRefusedBeforeTheConfigIsBound(string setting, string expected)
    {
        var config = Miniature(Path.Combine(Folder, "unused"));
        config = setting switch
        {
            "warmup" => config with { WarmupEpochs = 0 },
            "batch" => config with { BatchSize = 0 },
            "lr" => config with { LearningRate = -1 },
            "calibration" => config with { CalibrationBatches = 0 },
            _ => config with { Engine = "gpu" },
        };
        var run = new RunFolder(Path.Combine(Folder, "run"));
        var ex = Assert.Throws<NasLidException>(() => new SearchPipeline(config, run).Dispose());
        Assert.That(ex!.Message, Does.Contain(expected));
        Assert.That(File.Exists(Path.Combine(run.Root, "config.json")), Is.False, "nothing bound: the user can correct the setting and rerun");
    }

    [TestCase("gradient")]
    [TestCase("none")]
    public void TheBaselineCriteriaCompleteThroughTheCli(string criterion)
    {
        var data = MiniFashion.Write(Folder);
        var runPath = Path.Combine(Folder, "run-" + criterion);
        var error = new StringWriter();
        int code = NasLid.Cli.Cli.Run(MiniatureCliSearch(data, criterion, runPath), new StringWriter(), error);

        Assert.That(code, Is.EqualTo(0), error.ToString());
        foreach (var file in new[] { "config.json", "evolution/history.json", "result.json", "report.md", "plots/evolution.png", "plots/lid-profiles.png" })
            Assert.That(File.Exists(Path.Combine(runPath, file)), Is.True, $"{file} written");
        bool splits = criterion != "none";
        Assert.That(File.Exists(Path.Combine(runPath, "partition/split-0.json")), Is.EqualTo(splits));
        Assert.That(Directory.GetFiles(Path.Combine(runPath, "checkpoints"), "leaf-*.ckpt"), Has.Length.EqualTo(splits ? 2 : 1));
        if (splits)
            Assert.That(new RunFolder(runPath).ReadJson<Torch.Partition.SplitRecord>("partition/split-0.json").Criterion, Is.EqualTo("gradient"));
    }
}
