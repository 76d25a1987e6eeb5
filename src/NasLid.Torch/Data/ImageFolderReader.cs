using NasLid.Core;
using SkiaSharp;

namespace NasLid.Torch.Data;

/// <summary>
/// ImageNet-style folders: one sub-folder per class (sorted by name = class index) of JPEG or PNG files.
/// Each image is centre-cropped to a square on its shorter side and scaled to the resolution, the usual
/// "resize shorter side, centre crop" evaluation transform, so every image has the same shape.
/// </summary>
public static class ImageFolderReader
{
    static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    public static IReadOnlyList<string> ClassNames(string root)
    {
        if (!Directory.Exists(root))
            throw new NasLidException($"{root}: image folder not found");
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
            throw new NasLidException($"{root}: no class sub-folders; expected one folder of images per class");
        return classes!;
    }

    /// <summary>Reads every class folder; <c>classNames</c> fixes the class order (pass the training set's for a test set).</summary>
    public static ImageDataset Load(string root, int resolution, IReadOnlyList<string>? classNames = null)
    {
        if (resolution <= 0)
            throw new NasLidException($"image resolution {resolution} must be positive");
        classNames ??= ClassNames(root);
        var files = new List<(string Path, int Label)>();
        for (int c = 0; c < classNames.Count; c++)
        {
            var folder = Path.Combine(root, classNames[c]);
            var images = Directory.Exists(folder)
                ? Directory.GetFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToArray()
                : [];
            if (images.Length == 0)
                throw new NasLidException($"{folder}: empty class folder; class '{classNames[c]}' needs at least one .jpg, .jpeg or .png image");
            files.AddRange(images.Select(f => (f, c)));
        }
        int size = 3 * resolution * resolution;
        var pixels = new byte[(long)files.Count * size];
        try
        {
            Parallel.For(0, files.Count, i => Decode(files[i].Path, resolution, pixels.AsSpan(i * size, size)));
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<NasLidException>().FirstOrDefault() is { } first)
        {
            throw first;
        }
        return new ImageDataset(root, pixels, files.Select(f => f.Label).ToArray(), 3, resolution, resolution, classNames.Count);
    }

    static void Decode(string path, int resolution, Span<byte> chw)
    {
        using var bitmap = SKBitmap.Decode(path)
            ?? throw new NasLidException($"{path}: unreadable image (not a decodable JPEG or PNG, or damaged)");
        if (bitmap.Width <= 0 || bitmap.Height <= 0)
            throw new NasLidException($"{path}: image has no pixels");
        int side = Math.Min(bitmap.Width, bitmap.Height);
        var source = SKRect.Create((bitmap.Width - side) / 2f, (bitmap.Height - side) / 2f, side, side);
        var info = new SKImageInfo(resolution, resolution, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var target = new SKBitmap(info);
        using (var canvas = new SKCanvas(target))
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawImage(image, source, SKRect.Create(resolution, resolution), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }
        var rgba = target.GetPixelSpan();
        int plane = resolution * resolution;
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < 3; c++)
                chw[c * plane + p] = rgba[p * 4 + c];
    }
}
