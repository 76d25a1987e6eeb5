using NasLid.Core;
using NasLid.Torch.Data;
using NUnit.Framework;
using SkiaSharp;

namespace NasLid.Tests.Data;

public class ImageFolderReaderTests : TempFolderTest
{
    [Test]
    public void ClassFoldersOfPngAndJpegAreDecodedCroppedAndScaled()
    {
        DataFiles.Image(Path.Combine(Folder, "cat", "a.png"), 40, 20, new SKColor(255, 0, 0));
        DataFiles.Image(Path.Combine(Folder, "cat", "b.jpg"), 16, 16, new SKColor(0, 0, 255));
        DataFiles.Image(Path.Combine(Folder, "dog", "c.PNG"), 20, 50, new SKColor(0, 200, 0));
        File.WriteAllText(Path.Combine(Folder, "dog", "notes.txt"), "ignored: not an image");

        var data = ImageFolderReader.Load(Folder, resolution: 8);

        Assert.That((data.Count, data.Channels, data.Height, data.Width, data.ClassCount), Is.EqualTo((3, 3, 8, 8, 2)));
        Assert.That(data.Labels, Is.EqualTo(new[] { 0, 0, 1 }), "classes in name order, files in name order");
        Assert.That(Plane(data, 0, 0), Is.All.EqualTo(255));
        Assert.That(Plane(data, 0, 1), Is.All.EqualTo(0));
        Assert.That(Plane(data, 1, 2), Is.All.InRange(245, 255), "JPEG blue survives within compression error");
        Assert.That(Plane(data, 2, 1), Is.All.EqualTo(200));
    }

    static byte[] Plane(ImageDataset data, int image, int channel) =>
        data.Image(image).Slice(channel * data.Height * data.Width, data.Height * data.Width).ToArray();

    [Test]
    public void AnEmptyClassFolderIsReported()
    {
        DataFiles.Image(Path.Combine(Folder, "cat", "a.png"), 8, 8, SKColors.White);
        Directory.CreateDirectory(Path.Combine(Folder, "dog"));

        var ex = Assert.Throws<NasLidException>(() => ImageFolderReader.Load(Folder, 8));
        Assert.That(ex!.Message, Does.Contain(Path.Combine(Folder, "dog")).And.Contain("empty class folder"));
    }

    [Test]
    public void AnUnreadableImageIsReportedByName()
    {
        DataFiles.Image(Path.Combine(Folder, "cat", "a.png"), 8, 8, SKColors.White);
        var bad = Path.Combine(Folder, "cat", "broken.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

        var ex = Assert.Throws<NasLidException>(() => ImageFolderReader.Load(Folder, 8));
        Assert.That(ex!.Message, Does.Contain(bad).And.Contain("unreadable image"));
    }

    [Test]
    public void AFolderWithoutClassFoldersIsReported()
    {
        var ex = Assert.Throws<NasLidException>(() => ImageFolderReader.Load(Folder, 8));
        Assert.That(ex!.Message, Does.Contain("no class sub-folders"));
    }
}
