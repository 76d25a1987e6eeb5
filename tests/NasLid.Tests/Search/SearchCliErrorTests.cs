using NUnit.Framework;

namespace NasLid.Tests.Search;

public class SearchCliErrorTests : TempFolderTest
{
    (int Code, string Error) Search(params string[] args)
    {
        var error = new StringWriter();
        int code = NasLid.Cli.Cli.Run(["search", .. args], new StringWriter(), error);
        return (code, error.ToString());
    }

    static void AssertOneLineError((int Code, string Error) result, string expected)
    {
        Assert.That(result.Code, Is.EqualTo(1), result.Error);
        Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), result.Error);
        Assert.That(result.Error, Does.StartWith("naslid: error: ").And.Contain(expected));
        Assert.That(result.Error, Does.Not.Contain("   at "));
    }

    [Test]
    public void AnUnknownStageIsRefusedBeforeAnythingIsWritten()
    {
        var run = Path.Combine(Folder, "run");
        AssertOneLineError(Search("--stage", "frobnicate", "--run", run), "unknown stage 'frobnicate'");
        Assert.That(Directory.Exists(run), Is.False, "no run folder made for a command that cannot run");
    }

    [TestCase("rounds 0 splits nothing", "--rounds", "0")]
    [TestCase("unknown search space 'foo'", "--space", "foo")]
    [TestCase("no-such-data: data folder not found", "--data", "no-such-data")]
    public void BadSettingsAreRefusedBeforeAnyRunFolderIsMade(string expected, string option, string value)
    {
        var run = Path.Combine(Folder, "run");
        AssertOneLineError(Search(option, value, "--run", run), expected);
        Assert.That(Directory.Exists(run), Is.False);
    }

    [TestCase("finetune")]
    [TestCase("split")]
    public void AnIndexedStageWithoutIndexIsRefusedBeforeAnythingIsWritten(string stage)
    {
        var run = Path.Combine(Folder, "run");
        AssertOneLineError(Search("--stage", stage, "--run", run), $"--stage {stage} needs --index");
        Assert.That(Directory.Exists(run), Is.False);
    }

    [TestCase("finetune", "2", "leaf 2 does not exist")]
    [TestCase("finetune", "-1", "leaf -1 does not exist")]
    [TestCase("split", "1", "node 1")]
    [TestCase("split", "-1", "node -1")]
    public void AnIndexOutOfRangeIsAOneLineError(string stage, string index, string expected)
    {
        var data = MiniFashion.Write(Folder, trainPerClass: 4, testPerClass: 2);
        AssertOneLineError(Search("--stage", stage, "--index", index, "--rounds", "1", "--data", data, "--run", Path.Combine(Folder, "run")), expected);
    }

    [Test]
    public void ASplitStageInARunWithoutPartitionIsRefused()
    {
        var data = MiniFashion.Write(Folder, trainPerClass: 4, testPerClass: 2);
        AssertOneLineError(Search("--stage", "split", "--index", "0", "--criterion", "none", "--data", data, "--run", Path.Combine(Folder, "run")),
            "criterion none");
    }

    [Test]
    public void AMissingDataFolderIsAOneLineError()
    {
        var missing = Path.Combine(Folder, "no-such-data");
        AssertOneLineError(Search("--data", missing, "--run", Path.Combine(Folder, "run")), "no-such-data");
    }

    [Test]
    public void TooFewImagesForTheCharacterisationBatchesIsAOneLineError()
    {
        var data = MiniFashion.Write(Folder, trainPerClass: 20, testPerClass: 2); // 180 training images: one batch of 128
        var run = Path.Combine(Folder, "run");
        Assert.That(Search("--stage", "warmup", "--warmup-epochs", "1", "--batch", "32", "--data", data, "--run", run).Code, Is.EqualTo(0));
        AssertOneLineError(Search("--stage", "separability", "--warmup-epochs", "1", "--batch", "32", "--data", data, "--run", run),
            "too few for 4 characterisation batch(es) of 128");
    }
}
