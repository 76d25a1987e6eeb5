using NasLid.Cli;
using NUnit.Framework;

namespace NasLid.Tests.Foundation;

public class CliSkeletonTests
{
    [Test]
    public void HelpListsEveryVerb()
    {
        var output = new StringWriter();
        var code = NasLid.Cli.Cli.Run(["--help"], output, new StringWriter());
        Assert.That(code, Is.EqualTo(0));
        foreach (var verb in new[] { "search", "lid", "arch", "split", "memory", "groundtruth", "rank" })
            Assert.That(output.ToString(), Does.Contain(verb));
    }

    [Test]
    public void UnknownVerbOrOptionExitsNonZeroWithoutStackTrace()
    {
        var output = new StringWriter();
        Assert.That(NasLid.Cli.Cli.Run(["frobnicate"], output, output), Is.Not.EqualTo(0));
        Assert.That(NasLid.Cli.Cli.Run(["lid", "--no-such-option"], output, output), Is.Not.EqualTo(0));
        Assert.That(output.ToString(), Does.Not.Contain("   at "));
    }
}
