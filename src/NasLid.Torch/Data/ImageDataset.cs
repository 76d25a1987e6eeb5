using NasLid.Core;

namespace NasLid.Torch.Data;

/// <summary>
/// Labelled images kept as bytes (channel-major, C×H×W per image, 0..255) so even ImageNet-size folders fit in
/// memory; batches turn them into normalised floats on the fly (<see cref="BatchLoader"/>).
/// </summary>
public sealed class ImageDataset
{
    readonly byte[] _pixels;
    readonly int[] _labels;

    public ImageDataset(string source, byte[] pixels, int[] labels, int channels, int height, int width, int classCount)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new NasLidException($"{source}: image shape {channels}x{height}x{width} is not positive");
        if ((long)labels.Length * channels * height * width != pixels.LongLength)
            throw new NasLidException($"{source}: {labels.Length} labels but {pixels.LongLength} pixel bytes for {channels}x{height}x{width} images");
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= classCount)
                throw new NasLidException($"{source}: image {i} has label {labels[i]}, outside 0..{classCount - 1}");
        Source = source;
        _pixels = pixels;
        _labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        ClassCount = classCount;
    }

    /// <summary>The file or folder the images came from, for messages.</summary>
    public string Source { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int ClassCount { get; }
    public int Count => _labels.Length;
    public int ImageSize => Channels * Height * Width;
    public IReadOnlyList<int> Labels => _labels;

    public ReadOnlySpan<byte> Image(int index) => _pixels.AsSpan(index * ImageSize, ImageSize);

    public int Label(int index) => _labels[index];

    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        var pixels = new byte[(long)indices.Count * ImageSize];
        var labels = new int[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * ImageSize, ImageSize));
            labels[i] = _labels[indices[i]];
        }
        return new ImageDataset(Source, pixels, labels, Channels, Height, Width, ClassCount);
    }

    /// <summary>
    /// Holds <c>heldOutCount</c> random images out (the validation split search decisions use, so the test set
    /// stays unseen); both parts keep their original order.
    /// </summary>
    public (ImageDataset Kept, ImageDataset HeldOut) Split(int heldOutCount, Rng rng)
    {
        if (heldOutCount <= 0 || heldOutCount >= Count)
            throw new NasLidException($"{Source}: cannot hold out {heldOutCount} of {Count} images; need 0 < held out < count");
        var order = Enumerable.Range(0, Count).ToArray();
        rng.Shuffle(order);
        var heldOut = order[..heldOutCount].Order().ToArray();
        var kept = order[heldOutCount..].Order().ToArray();
        return (Subset(kept), Subset(heldOut));
    }
}
