using NasLid.Core;
using NasLid.Torch.Data;
using NUnit.Framework;
using SkiaSharp;

namespace NasLid.Tests.Data;

public class DataSetsTests : TempFolderTest
{
    [Test]
    public void WithoutAPathTheEmbeddedFashionMnistSubsetLoads()
    {
        var data = DataSets.Load(null);

        Assert.That(data.Name, Is.EqualTo("fashion-mnist-subset"));
        Assert.That((data.Train.Count, data.Validation.Count, data.Test.Count), Is.EqualTo((9000, 1000, 2000)));
        Assert.That(data.Test.Labels.GroupBy(l => l).Select(g => g.Count()), Is.All.EqualTo(200));
        Assert.That(data.Normalisation.Mean[0], Is.EqualTo(0.286f).Within(0.01f), "Fashion-MNIST's familiar mean");
        Assert.That(data.Normalisation.Std[0], Is.EqualTo(0.353f).Within(0.01f));
        Assert.That(data.Augmentation, Is.EqualTo(new Augmentation(3, HorizontalFlip: true)), "mirrored clothing is still clothing");
    }

    [Test]
    public void TheEmbeddedSubsetIsCopiedBesideTheExecutable()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "data", DataSets.EmbeddedName);
        Assert.That(Directory.GetFiles(beside).Select(Path.GetFileName), Is.SupersetOf(new[] { "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "LICENSE" }));
    }

    [Test]
    public void TheValidationSplitIsHeldOutOfTrainingAndDependsOnTheSeed()
    {
        var a = DataSets.Load(null, new DataOptions(ValidationFraction: 0.2, Seed: 1));
        var b = DataSets.Load(null, new DataOptions(ValidationFraction: 0.2, Seed: 2));

        Assert.That((a.Train.Count, a.Validation.Count), Is.EqualTo((8000, 2000)));
        var trainImages = Enumerable.Range(0, a.Train.Count).Select(i => Convert.ToBase64String(a.Train.Image(i))).ToHashSet();
        int shared = Enumerable.Range(0, a.Validation.Count).Count(i => trainImages.Contains(Convert.ToBase64String(a.Validation.Image(i))));
        Assert.That(shared, Is.LessThan(5), "validation images are not training images (a few exact duplicates may exist in the source)");
        Assert.That(a.Validation.Labels, Is.Not.EqualTo(b.Validation.Labels));
    }

    [Test]
    public void DigitsAreNotFlipped()
    {
        var data = DataSets.Load(Path.Combine(RepoPaths.SharedData, "mnist"), new DataOptions(ValidationFraction: 0.01));

        Assert.That(data.Augmentation.HorizontalFlip, Is.False);
        Assert.That((data.Train.Count, data.Validation.Count, data.Test.Count), Is.EqualTo((59400, 600, 10000)));
    }

    [Test]
    public void ACifarFolderIsRecognised()
    {
        var root = Folder;
        File.WriteAllBytes(Path.Combine(root, "data_batch_1.bin"), DataFiles.CifarBatch(20, i => i % 10));
        File.WriteAllBytes(Path.Combine(root, "test_batch.bin"), DataFiles.CifarBatch(5, i => i));

        var data = DataSets.Load(root);

        Assert.That((data.Train.Count + data.Validation.Count, data.Test.Count, data.Channels, data.Resolution), Is.EqualTo((20, 5, 3, 32)));
        Assert.That(data.Augmentation, Is.EqualTo(new Augmentation(4, HorizontalFlip: true)));
    }

    [Test]
    public void AnImageFolderSetUsesTheTrainingClassOrderForItsTestImages()
    {
        var root = Folder;
        for (int i = 0; i < 5; i++)
        {
            DataFiles.Image(Path.Combine(root, "train", "ant", $"{i}.png"), 12, 12, new SKColor((byte)(40 * i), 20, 200));
            DataFiles.Image(Path.Combine(root, "train", "bee", $"{i}.png"), 12, 12, new SKColor(0, (byte)(40 * i), (byte)(100 + 20 * i)));
        }
        DataFiles.Image(Path.Combine(root, "val", "bee", "x.png"), 12, 12, SKColors.Green);
        DataFiles.Image(Path.Combine(root, "val", "ant", "y.png"), 12, 12, SKColors.Red);

        var data = DataSets.Load(root, new DataOptions(ValidationFraction: 0.2, Resolution: 16));

        Assert.That((data.Train.Count, data.Validation.Count, data.Resolution, data.Classes), Is.EqualTo((8, 2, 16, 2)));
        Assert.That(data.Test.Labels, Is.EqualTo(new[] { 0, 1 }), "ant = 0, bee = 1 in both splits");
    }

    [Test]
    public void AnUnrecognisedFolderIsReported()
    {
        var root = Folder;
        var ex = Assert.Throws<NasLidException>(() => DataSets.Load(root));
        Assert.That(ex!.Message, Does.Contain(root).And.Contain("unrecognised data folder"));
    }
}
