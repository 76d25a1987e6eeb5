using NasLid.Core;

namespace NasLid.Torch.Data;

/// <summary>
/// The standard light augmentation: a random crop of the image padded with zeros by <c>Padding</c> pixels on
/// each side, and a horizontal flip with probability 1/2 where mirror images are still the same class
/// (clothing, objects; not digits).
/// </summary>
public sealed record Augmentation(int Padding, bool HorizontalFlip)
{
    public static Augmentation None { get; } = new(0, false);

    /// <summary>
    /// Writes image <c>index</c> of <c>data</c>, augmented with draws from <c>rng</c> and normalised, into
    /// <c>output</c> (C×H×W floats). Padded pixels are black before normalisation, as torchvision pads.
    /// </summary>
    public void Apply(ImageDataset data, int index, Normalisation normalisation, Rng rng, Span<float> output)
    {
        int dy = Padding > 0 ? rng.Next(2 * Padding + 1) - Padding : 0;
        int dx = Padding > 0 ? rng.Next(2 * Padding + 1) - Padding : 0;
        bool flip = HorizontalFlip && rng.Next(2) == 1;
        var image = data.Image(index);
        int h = data.Height, w = data.Width;
        for (int c = 0; c < data.Channels; c++)
        {
            float scale = 1f / (255f * normalisation.Std[c]), black = -normalisation.Mean[c] / normalisation.Std[c];
            float mean = normalisation.Mean[c] * 255f;
            for (int y = 0; y < h; y++)
            {
                int sy = y + dy;
                for (int x = 0; x < w; x++)
                {
                    int sx = (flip ? w - 1 - x : x) + dx;
                    output[(c * h + y) * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w
                        ? (image[(c * h + sy) * w + sx] - mean) * scale
                        : black;
                }
            }
        }
    }
}
