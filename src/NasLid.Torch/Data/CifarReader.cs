using NasLid.Core;

namespace NasLid.Torch.Data;

/// <summary>The two CIFAR binary layouts: records of label byte(s) then 3×32×32 channel-major pixel bytes.</summary>
public enum CifarVariant
{
    /// <summary>1 label byte, 10 classes (data_batch_1..5.bin, test_batch.bin).</summary>
    Cifar10,

    /// <summary>2 label bytes, coarse then fine; the 100 fine labels are used (train.bin, test.bin).</summary>
    Cifar100,
}

/// <summary>CIFAR-10 and CIFAR-100 binary batches. Their pixel layout (R plane, G plane, B plane) is already ours.</summary>
public static class CifarReader
{
    const int Side = 32, Channels = 3, ImageBytes = Channels * Side * Side;

    public static ImageDataset Load(IReadOnlyList<string> batchFiles, CifarVariant variant)
    {
        if (batchFiles.Count == 0)
            throw new NasLidException($"no {variant} batch files given");
        int labelBytes = variant == CifarVariant.Cifar10 ? 1 : 2;
        int classes = variant == CifarVariant.Cifar10 ? 10 : 100;
        int record = labelBytes + ImageBytes;
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        foreach (var path in batchFiles)
        {
            if (!File.Exists(path))
                throw new NasLidException($"{path}: file not found");
            var data = File.ReadAllBytes(path);
            if (data.Length == 0 || data.Length % record != 0)
                throw new NasLidException($"{path}: {data.Length} bytes is not a whole number of {variant} records of {record} bytes; the file is truncated or not a {variant} batch");
            for (int offset = 0; offset < data.Length; offset += record)
            {
                int label = data[offset + labelBytes - 1];
                if (label >= classes)
                    throw new NasLidException($"{path}: record {offset / record} has label {label}, outside 0..{classes - 1}; is this a {variant} file?");
                labels.Add(label);
                pixels.Add(data.AsSpan(offset + labelBytes, ImageBytes).ToArray());
            }
        }
        var source = batchFiles.Count == 1 ? batchFiles[0] : Path.GetDirectoryName(Path.GetFullPath(batchFiles[0]))!;
        return new ImageDataset(source, pixels.SelectMany(p => p).ToArray(), labels.ToArray(), Channels, Side, Side, classes);
    }
}
