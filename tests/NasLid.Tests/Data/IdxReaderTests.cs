using NasLid.Core;
using NasLid.Torch.Data;
using NUnit.Framework;

namespace NasLid.Tests.Data;

public class IdxReaderTests : TempFolderTest
{
    [Test]
    public void RealFashionMnistLoadsWithBalancedClasses()
    {
        var train = IdxReader.Load(Path.Combine(RepoPaths.FashionMnist, "train-images-idx3-ubyte.gz"), Path.Combine(RepoPaths.FashionMnist, "train-labels-idx1-ubyte.gz"));
        var test = IdxReader.Load(Path.Combine(RepoPaths.FashionMnist, "t10k-images-idx3-ubyte.gz"), Path.Combine(RepoPaths.FashionMnist, "t10k-labels-idx1-ubyte.gz"));

        Assert.That((train.Count, train.Channels, train.Height, train.Width), Is.EqualTo((60000, 1, 28, 28)));
        Assert.That(test.Count, Is.EqualTo(9947));
        Assert.That(train.Labels.GroupBy(l => l).Select(g => g.Count()), Is.All.EqualTo(6000), "the shared README: 6,000 of each class to train");
    }

    [Test]
    public void RealMnistLoads()
    {
        var mnist = Path.Combine(RepoPaths.SharedData, "mnist");
        var test = IdxReader.Load(Path.Combine(mnist, "t10k-images-idx3-ubyte.gz"), Path.Combine(mnist, "t10k-labels-idx1-ubyte.gz"));

        Assert.That((test.Count, test.Height, test.Width, test.ClassCount), Is.EqualTo((10000, 28, 28, 10)));
        Assert.That(test.Labels.Distinct().Count(), Is.EqualTo(10));
        Assert.That(test.Image(0).ToArray().Max(), Is.GreaterThan(200), "a digit has bright strokes");
    }

    [Test]
    public void RawAndGzipFilesGiveTheSameImages()
    {
        var raw = DataFiles.IdxImages(3, 2, 2, (i, p) => (byte)(10 * i + p));
        var labels = DataFiles.IdxLabels([7, 0, 9]);
        var fromRaw = IdxReader.Load(Write("images", raw), Write("labels", labels));
        var fromGzip = IdxReader.Load(Write("images.gz", DataFiles.Gzip(raw)), Write("labels.gz", DataFiles.Gzip(labels)));

        foreach (var data in new[] { fromRaw, fromGzip })
        {
            Assert.That(data.Labels, Is.EqualTo(new[] { 7, 0, 9 }));
            Assert.That(data.Image(2).ToArray(), Is.EqualTo(new byte[] { 20, 21, 22, 23 }));
        }
    }

    [Test]
    public void ATruncatedImageFileIsReported()
    {
        var raw = DataFiles.IdxImages(3, 4, 4, (_, _) => 1);
        var images = Write("images", raw[..^5]);
        var labels = Write("labels", DataFiles.IdxLabels([1, 2, 3]));

        var ex = Assert.Throws<NasLidException>(() => IdxReader.Load(images, labels));
        Assert.That(ex!.Message, Does.Contain(images).And.Contain("truncated"));
    }

    [Test]
    public void ATruncatedGzipFileIsReported()
    {
        // Real compressed data cut in half: the stream ends early or fails to inflate; either way it is named.
        var source = Path.Combine(RepoPaths.FashionMnist, "t10k-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(source);
        var images = Write("images.gz", bytes[..(bytes.Length / 2)]);
        var labels = Write("labels.gz", File.ReadAllBytes(Path.Combine(RepoPaths.FashionMnist, "t10k-labels-idx1-ubyte.gz")));

        var ex = Assert.Throws<NasLidException>(() => IdxReader.Load(images, labels));
        Assert.That(ex!.Message, Does.Contain(images).And.Match("truncated|gzip"));
    }

    [Test]
    public void AWrongMagicNumberIsReported()
    {
        var images = Write("images", DataFiles.IdxImages(1, 2, 2, (_, _) => 0, magic: 0x801));
        var labels = Write("labels", DataFiles.IdxLabels([1]));

        var ex = Assert.Throws<NasLidException>(() => IdxReader.Load(images, labels));
        Assert.That(ex!.Message, Does.Contain(images).And.Contain("wrong magic number 0x00000801").And.Contain("0x00000803"));
    }

    [Test]
    public void SwappedImageAndLabelFilesAreReportedByMagic()
    {
        var images = Write("images", DataFiles.IdxImages(1, 2, 2, (_, _) => 0));
        var labels = Write("labels", DataFiles.IdxLabels([1]));

        var ex = Assert.Throws<NasLidException>(() => IdxReader.Load(labels, images));
        Assert.That(ex!.Message, Does.Contain("wrong magic number"));
    }

    [Test]
    public void MismatchedImageAndLabelCountsAreReported()
    {
        var images = Write("images", DataFiles.IdxImages(3, 2, 2, (_, _) => 0));
        var labels = Write("labels", DataFiles.IdxLabels([1, 2]));

        var ex = Assert.Throws<NasLidException>(() => IdxReader.Load(images, labels));
        Assert.That(ex!.Message, Does.Contain("3 images").And.Contain("2 labels"));
    }

    [Test]
    public void ALabelOutsideTheClassesIsReported()
    {
        var images = Write("images", DataFiles.IdxImages(2, 2, 2, (_, _) => 0));
        var labels = Write("labels", DataFiles.IdxLabels([1, 12]));

        var ex = Assert.Throws<NasLidException>(() => IdxReader.Load(images, labels));
        Assert.That(ex!.Message, Does.Contain("image 1 has label 12"));
    }
}
