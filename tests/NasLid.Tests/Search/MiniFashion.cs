using NasLid.Tests.Data;
using NasLid.Tests.Training;
using NasLid.Torch.Data;

namespace NasLid.Tests.Search;

/// <summary>
/// A few hundred real Fashion-MNIST images (class-balanced, from the embedded subset) written as an IDX data
/// folder: a whole search pipeline then runs in seconds through the same --data path users take.
/// </summary>
public static class MiniFashion
{
    public static string Write(string parent, int trainPerClass = 32, int testPerClass = 10)
    {
        var folder = Path.Combine(parent, "mini-fashion");
        Directory.CreateDirectory(folder);
        var data = TrainingFixtures.FashionSubset;
        WriteSplit(folder, "train", data.Train, trainPerClass);
        WriteSplit(folder, "t10k", data.Test, testPerClass);
        return folder;
    }

    static void WriteSplit(string folder, string prefix, ImageDataset images, int perClass)
    {
        var chosen = Enumerable.Range(0, images.Count).GroupBy(images.Label).OrderBy(g => g.Key)
            .SelectMany(g => g.Take(perClass)).ToArray();
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"),
            DataFiles.Gzip(DataFiles.IdxImages(chosen.Length, images.Height, images.Width, (i, p) => images.Image(chosen[i])[p])));
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"),
            DataFiles.Gzip(DataFiles.IdxLabels(chosen.Select(i => (byte)images.Label(i)).ToArray())));
    }
}
