using NasLid.Core;
using NasLid.Torch.Data;
using NUnit.Framework;

namespace NasLid.Tests.Data;

public class CifarReaderTests : TempFolderTest
{
    [Test]
    public void Cifar10BatchesAreConcatenatedWithChannelMajorPixels()
    {
        var first = Write("data_batch_1.bin", DataFiles.CifarBatch(4, i => i));
        var second = Write("data_batch_2.bin", DataFiles.CifarBatch(2, i => 9 - i));

        var data = CifarReader.Load([first, second], CifarVariant.Cifar10);

        Assert.That((data.Count, data.Channels, data.Height, data.Width, data.ClassCount), Is.EqualTo((6, 3, 32, 32, 10)));
        Assert.That(data.Labels, Is.EqualTo(new[] { 0, 1, 2, 3, 9, 8 }));
        var image = data.Image(3);
        Assert.That((image[0], image[1023], image[1024], image[2048]), Is.EqualTo(((byte)3, (byte)3, (byte)4, (byte)5)));
    }

    [Test]
    public void Cifar100UsesTheFineLabel()
    {
        var path = Write("train.bin", DataFiles.CifarBatch(3, i => 40 + 25 * i, cifar100: true));

        var data = CifarReader.Load([path], CifarVariant.Cifar100);

        Assert.That(data.Labels, Is.EqualTo(new[] { 40, 65, 90 }));
        Assert.That(data.ClassCount, Is.EqualTo(100));
        Assert.That(data.Image(2)[0], Is.EqualTo(2));
    }

    [Test]
    public void ATruncatedBatchIsReported()
    {
        var path = Write("data_batch_1.bin", DataFiles.CifarBatch(2, i => i)[..^100]);

        var ex = Assert.Throws<NasLidException>(() => CifarReader.Load([path], CifarVariant.Cifar10));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("truncated"));
    }

    [Test]
    public void ACifar100FileReadAsCifar10IsReported()
    {
        // 2 × 3074 bytes is not a whole number of 3073-byte CIFAR-10 records.
        var path = Write("train.bin", DataFiles.CifarBatch(2, i => 50 + i, cifar100: true));

        var ex = Assert.Throws<NasLidException>(() => CifarReader.Load([path], CifarVariant.Cifar10));
        Assert.That(ex!.Message, Does.Contain(path));
    }

    [Test]
    public void ALabelOutsideTheClassesIsReported()
    {
        var path = Write("data_batch_1.bin", DataFiles.CifarBatch(2, i => 10 * i + 5));

        var ex = Assert.Throws<NasLidException>(() => CifarReader.Load([path], CifarVariant.Cifar10));
        Assert.That(ex!.Message, Does.Contain("record 1 has label 15"));
    }
}
