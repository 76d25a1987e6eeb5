using NasLid.Core;
using NUnit.Framework;

namespace NasLid.Tests.Supernets;

public class MobileSpaceTests
{
    static readonly SupernetConfig Reference = new(Width: 32, Depth: 4, Resolution: 224, InputChannels: 3, Classes: 1000);

    [Test]
    public void ProxylessHas21BlocksWithZeroOnTheFifteenThatKeepTheirShape()
    {
        var space = new ProxylessSpace(Reference);
        Assert.That(space.Layers, Has.Count.EqualTo(21));
        Assert.That(space.Layers.Count(l => l.Ops.Count == 7 && l.Ops[^1] == "zero"), Is.EqualTo(15));
        Assert.That(space.Layers.Where(l => l.Name.EndsWith(".block1")).Select(l => l.Ops.Count), Is.All.EqualTo(6));
        Assert.That(space.Layers[0].Ops, Is.EqualTo(new[] { "3x3_MBConv3", "3x3_MBConv6", "5x5_MBConv3", "5x5_MBConv6", "7x7_MBConv3", "7x7_MBConv6" }));
    }

    [Test]
    public void OfaHasADepthChoiceAndFourBlocksPerStage()
    {
        var space = new OfaSpace(Reference with { Width = 16 });
        Assert.That(space.Layers, Has.Count.EqualTo(25));
        Assert.That(space.Layers[0], Has.Property("Name").EqualTo("stage1.depth"));
        Assert.That(space.Layers[0].Ops, Is.EqualTo(new[] { "d2", "d3", "d4" }));
        Assert.That(space.Layers[1].Ops, Has.Count.EqualTo(9));
        Assert.That(space.Stages.Select(s => s.Channels), Is.EqualTo(new[] { 24, 40, 80, 112, 160 }));
    }

    [TestCase("proxyless")]
    [TestCase("ofa")]
    public void RandomArchitecturesRoundTripThroughBothForms(string name)
    {
        var space = SearchSpaces.Get(name, Reference);
        var rng = new Rng(11);
        for (int i = 0; i < 300; i++)
        {
            var arch = SearchSpaces.Random(space, rng);
            Assert.That(space.Parse(space.Format(arch)), Is.EqualTo(arch));
            Assert.That(SearchSpaces.ParseAny(space, arch.IndexKey), Is.EqualTo(arch));
        }
    }

    const string Proxyless =
        "|3x3_MBConv3|zero|zero|zero|+|3x3_MBConv3|zero|zero|zero|+|3x3_MBConv3|zero|zero|zero|+|3x3_MBConv3|zero|zero|zero|+|3x3_MBConv3|zero|zero|zero|+|7x7_MBConv6|";

    [TestCase("zero|3x3_MBConv3|zero|zero|", "'zero' at character 2 is not allowed for the first block of stage 1")]
    [TestCase("3x3_MBConv3|zero|zero|zero|", "")]
    [TestCase("9x9_MBConv3|zero|zero|zero|", "unknown op '9x9_MBConv3' at character 2 (stage1.block1); expected one of 3x3_MBConv3")]
    [TestCase("3x3_MBConv3|zero|zero|", "group 1 (stage 1) has 3 op(s) from character 1, expected 4")]
    public void ProxylessStringsAreCheckedOpByOp(string firstStage, string expected)
    {
        var space = new ProxylessSpace(Reference);
        var text = "|" + firstStage + Proxyless[Proxyless.IndexOf('+')..];
        if (expected.Length == 0)
        {
            Assert.That(space.Format(space.Parse(text)), Is.EqualTo(text));
            return;
        }
        var error = Assert.Throws<NasLidException>(() => space.Parse(text))!;
        Assert.That(error.Message, Does.Contain(expected));
    }

    [Test]
    public void OfaStringsNameTheBadOp()
    {
        var space = new OfaSpace(Reference);
        const string stage = "|d3|k3e4|k7e6|k5e3|k3e3|";
        var good = string.Join("+", Enumerable.Repeat(stage, 5));
        Assert.That(space.Format(space.Parse(good)), Is.EqualTo(good));
        Assert.That(Assert.Throws<NasLidException>(() => space.Parse(good.Replace("|d3|k3e4|k7e6|k5e3|k3e3|+|d3", "|d3|k3e4|k7e6|k5e3|k3e3|+|d5")))!.Message,
            Does.Contain("unknown op 'd5' at character 27 (stage2.depth); expected one of d2, d3, d4"));
        Assert.That(Assert.Throws<NasLidException>(() => space.Parse(good + "|"))!.Message, Does.Contain("extra characters '|' at character 125"));
        Assert.That(Assert.Throws<NasLidException>(() => space.Parse(string.Join("+", Enumerable.Repeat(stage, 4))))!.Message,
            Does.Contain("missing group 5 of 5"));
    }
}
