using NasLid.Core;
using NUnit.Framework;

namespace NasLid.Tests.Supernets;

public class Nb201SpaceTests
{
    const string Example = "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|";
    static readonly Nb201Space Space = Nb201Space.Instance;

    [Test]
    public void ExampleParsesToBenchmarkOpAndEdgeOrder()
    {
        var arch = Space.Parse(Example);
        // edges 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2; ops none=0 skip=1 conv1x1=2 conv3x3=3 pool=4
        Assert.That(arch.Ops, Is.EqualTo(new[] { 3, 0, 1, 4, 2, 3 }));
        Assert.That(arch.IndexKey, Is.EqualTo("301423"));
        Assert.That(Space.Format(arch), Is.EqualTo(Example));
        Assert.That(Space.Layers.Select(l => l.Name), Is.EqualTo(new[] { "1<-0", "2<-0", "2<-1", "3<-0", "3<-1", "3<-2" }));
    }

    [Test]
    public void AllArchitecturesRoundTripThroughBothForms()
    {
        var strings = new HashSet<string>();
        foreach (var arch in SearchSpaces.All(Space))
        {
            var text = Space.Format(arch);
            Assert.That(strings.Add(text), Is.True, text);
            Assert.That(Space.Parse(text), Is.EqualTo(arch));
            Assert.That(SearchSpaces.ParseAny(Space, arch.IndexKey), Is.EqualTo(arch));
        }
        Assert.That(strings, Has.Count.EqualTo(15625));
        Assert.That(strings, Does.Contain("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
    }

    [TestCase("|conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "unknown op 'conv_3x3' at character 2 (edge 1<-0); expected one of none, skip_connect")]
    [TestCase("|nor_conv_3x3~0|+|none~0|skip_connect~2|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "wrong source node '2' at character 39 (op 2 of node 2 must come from node 1)")]
    [TestCase("|nor_conv_3x3~0|+|none~0|skip_connect~1|",
        "missing group 3 of 3 (node 3, edges from nodes 0..2) at the end")]
    [TestCase("|nor_conv_3x3~0|+|none~0|skip_connect~1|+",
        "missing group 3 of 3 (node 3, edges from nodes 0..2) after the '+' at character 41")]
    [TestCase("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|xyz",
        "extra characters 'xyz' at character 88, after the last group (node 3, edges from nodes 0..2)")]
    [TestCase("|nor_conv_3x3~0|+|none~0|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "group 2 (node 2, edges from nodes 0..1) has 1 op(s) from character 18, expected 2")]
    [TestCase("|nor_conv_3x3|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "op 'nor_conv_3x3' at character 2 lacks its source node ('~0')")]
    [TestCase("|nor_conv_3x3~0||+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "empty op at character 17 in group 1 (node 1, edges from nodes 0..0)")]
    [TestCase("nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|",
        "group 1 (node 1, edges from nodes 0..0) must start with '|' at character 1, found 'n'")]
    [TestCase("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2",
        "op 'nor_conv_3x3~2' at character 73 is not closed by '|'")]
    [TestCase("", "missing group 1 of 3 (node 1, edges from nodes 0..0) at the end")]
    public void MalformedStringsSayWhatAndWhere(string text, string expected)
    {
        var error = Assert.Throws<NasLidException>(() => Space.Parse(text))!;
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.StartWith("nb201 architecture '"));
    }

    [TestCase("33333", "has 5 indices, the space has 6 layers")]
    [TestCase("333353", "index '5' of layer 4 (3<-1) must be 0..4")]
    public void MalformedIndexFormsSayWhatAndWhere(string text, string expected)
    {
        var error = Assert.Throws<NasLidException>(() => SearchSpaces.ParseAny(Space, text))!;
        Assert.That(error.Message, Does.Contain(expected));
    }
}
