using NasLid.Cli;
using NUnit.Framework;

namespace NasLid.Tests.Supernets;

public class ArchVerbTests
{
    [Test]
    public void DescribesTheBenchmarkAllConv3x3Network()
    {
        var output = new StringWriter();
        var code = new ArchVerb { Space = "nb201", Arch = "333333" }.Run(output);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output.ToString(), Does.Contain("arch: |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"));
        Assert.That(output.ToString(), Does.Contain("ops: 333333"));
        Assert.That(output.ToString(), Does.Contain("parameters: 1531546 (1.531546 M)"));
        Assert.That(output.ToString(), Does.Contain("flops: 220119690 MACs"));
        Assert.That(output.ToString(), Does.Contain("output: [1, 10]"));
    }

    [Test]
    public void DescribesTheSmallMnistSizedNetwork()
    {
        var output = new StringWriter();
        var code = new ArchVerb { Space = "nb201", Random = 1, Width = 8, Depth = 1, Resolution = 28, Channels = 1 }.Run(output);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output.ToString(), Does.Contain("space: nb201 (width 8, depth 1, resolution 28, channels 1, classes 10)"));
        Assert.That(output.ToString(), Does.Contain("output: [1, 10]"));
    }

    [TestCase("proxyless")]
    [TestCase("ofa")]
    public void RandomArchitecturesOfEverySpaceAreDescribed(string space)
    {
        var output = new StringWriter();
        var code = new ArchVerb { Space = space, Random = 2, Width = 4, Depth = 2, Resolution = 16, Classes = 3 }.Run(output);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output.ToString().Split('\n').Count(l => l.StartsWith("output: [1, 3]")), Is.EqualTo(2));
    }

    [Test]
    public void MalformedStringExitsNonZeroWithOneLine()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = NasLid.Cli.Cli.Run(["arch", "--space", "nb201", "--arch", "|nor_conv_3x3~1|+|none~0|none~1|+|none~0|none~1|none~2|"], output, error);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("naslid: error: nb201 architecture '|nor_conv_3x3~1|").And.Contain("wrong source node '1' at character 15"));
    }
}
