using NasLid.Core;

namespace NasLid.Torch.Data;

/// <summary>Per-channel mean and standard deviation of pixel values scaled to [0, 1].</summary>
public sealed record Normalisation(float[] Mean, float[] Std)
{
    /// <summary>
    /// Measured on the training split rather than taken from a table, so any folder of images gets its own
    /// statistics (for Fashion-MNIST this gives the familiar 0.286 / 0.353).
    /// </summary>
    public static Normalisation Of(ImageDataset train)
    {
        int plane = train.Height * train.Width;
        var mean = new float[train.Channels];
        var std = new float[train.Channels];
        for (int c = 0; c < train.Channels; c++)
        {
            double sum = 0, squares = 0;
            for (int i = 0; i < train.Count; i++)
                foreach (var b in train.Image(i).Slice(c * plane, plane))
                {
                    sum += b;
                    squares += (double)b * b;
                }
            double n = (double)train.Count * plane;
            double m = sum / n, variance = squares / n - m * m;
            if (!(variance > 1e-12))
                throw new NasLidException($"{train.Source}: channel {c} is constant over the training images; it cannot be normalised");
            mean[c] = (float)(m / 255);
            std[c] = (float)(Math.Sqrt(variance) / 255);
        }
        return new Normalisation(mean, std);
    }
}
