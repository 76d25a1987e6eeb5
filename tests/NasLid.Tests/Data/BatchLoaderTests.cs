using NasLid.Core;
using NasLid.Torch.Data;
using NUnit.Framework;

namespace NasLid.Tests.Data;

public class BatchLoaderTests
{
    /// <summary>Ten 1×2×3 images whose pixels are 10·i + p, labels i % 3.</summary>
    static ImageDataset Numbered() => new("numbered",
        Enumerable.Range(0, 10).SelectMany(i => Enumerable.Range(0, 6).Select(p => (byte)(10 * i + p))).ToArray(),
        Enumerable.Range(0, 10).Select(i => i % 3).ToArray(), 1, 2, 3, 3);

    static readonly Normalisation Unit = new([0f], [1f / 255]);

    [Test]
    public void WithoutShuffleOrAugmentationBatchesAreTheNormalisedImagesInOrder()
    {
        var loader = new BatchLoader(Numbered(), new Normalisation([10f / 255], [2f / 255]), Augmentation.None, 4, seed: 0, shuffle: false, dropLast: false);

        var batches = loader.Epoch(0).ToArray();

        Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 4, 4, 2 }));
        Assert.That(batches[0].Images[..6], Is.EqualTo(new float[] { -5, -4.5f, -4, -3.5f, -3, -2.5f }).Within(1e-5f), "(pixel - 10) / 2");
        Assert.That(batches[2].Labels, Is.EqualTo(new long[] { 2, 0 }));
    }

    [Test]
    public void TheSameSeedGivesTheSameBatchesAndEveryBatchCanBeRebuiltAlone()
    {
        var augmentation = new Augmentation(1, HorizontalFlip: true);
        var a = new BatchLoader(Numbered(), Unit, augmentation, 3, seed: 5, shuffle: true, dropLast: true);
        var b = new BatchLoader(Numbered(), Unit, augmentation, 3, seed: 5, shuffle: true, dropLast: true);

        var first = a.Epoch(1).ToArray();
        Assert.That(first, Has.Length.EqualTo(3), "the partial last batch is dropped");
        for (int i = 0; i < first.Length; i++)
        {
            Assert.That(b.Make(1, i).Images, Is.EqualTo(first[i].Images));
            Assert.That(b.Make(1, i).Labels, Is.EqualTo(first[i].Labels));
        }
        Assert.That(a.Epoch(1, firstBatch: 2).Single().Images, Is.EqualTo(first[2].Images), "resuming mid-epoch");
        Assert.That(a.Epoch(2).First().Labels.Concat(a.Epoch(2).Skip(1).First().Labels), Is.Not.EqualTo(first[0].Labels.Concat(first[1].Labels)), "each epoch has its own order");
    }

    [Test]
    public void StoppingEarlyEndsTheProducer()
    {
        var loader = new BatchLoader(Numbered(), Unit, Augmentation.None, 1, seed: 0, shuffle: true, dropLast: true, prefetch: 1);
        Assert.That(loader.Epoch(0).Take(2).Count(), Is.EqualTo(2));
    }

    [Test]
    public void CropsShiftAndFlipsMirrorTheImage()
    {
        // One 1×1×3 image [1 2 3]: with padding 1 every output is the image shifted by -1, 0 or 1, maybe mirrored.
        var data = new ImageDataset("row", [1, 2, 3], [0], 1, 1, 3, 1);
        var seen = new HashSet<string>();
        var output = new float[3];
        var rng = new Rng(1);
        for (int i = 0; i < 400; i++)
        {
            new Augmentation(1, HorizontalFlip: true).Apply(data, 0, Unit, rng, output);
            seen.Add(string.Join(" ", output.Select(v => v + 0f)));   // + 0 turns -0 (black after normalising) into 0
        }
        var rows = new[] { "1 2 3", "0 1 2", "2 3 0", "3 2 1", "0 3 2", "2 1 0" };
        var vertical = new[] { "0 0 0" };
        Assert.That(seen, Is.EquivalentTo(rows.Concat(vertical)), "the three shifts of the row and of its mirror, or a row shifted out of the 1-pixel height");
    }

    [Test]
    public void ABatchLargerThanTheTrainingSetIsReported()
    {
        var ex = Assert.Throws<NasLidException>(() => new BatchLoader(Numbered(), Unit, Augmentation.None, 11, 0, shuffle: true, dropLast: true));
        Assert.That(ex!.Message, Does.Contain("batch size 11").And.Contain("10 training images"));
    }
}
