using System.Buffers.Binary;
using System.IO.Compression;
using NasLid.Core;

namespace NasLid.Torch.Data;

/// <summary>
/// IDX files (MNIST, Fashion-MNIST): big-endian magic, counts, then bytes. Gzip or raw, told apart by content
/// (the gzip signature), not by the file name.
/// </summary>
public static class IdxReader
{
    const uint ImagesMagic = 0x00000803, LabelsMagic = 0x00000801;

    public static ImageDataset Load(string imagesPath, string labelsPath, int classCount = 10)
    {
        var images = ReadFile(imagesPath);
        var labels = ReadFile(labelsPath);
        var (count, rows, cols) = ImageHeader(imagesPath, images);
        int labelCount = LabelHeader(labelsPath, labels);
        if (count != labelCount)
            throw new NasLidException($"{imagesPath} holds {count} images but {labelsPath} holds {labelCount} labels");
        var pixels = images.AsSpan(16).ToArray();
        var labelValues = new int[labelCount];
        for (int i = 0; i < labelCount; i++)
            labelValues[i] = labels[8 + i];
        return new ImageDataset(imagesPath, pixels, labelValues, 1, rows, cols, classCount);
    }

    static (int Count, int Rows, int Cols) ImageHeader(string path, byte[] data)
    {
        CheckMagic(path, data, ImagesMagic, "image");
        if (data.Length < 16)
            throw new NasLidException($"{path}: truncated: {data.Length} bytes, an IDX image file needs a 16-byte header");
        int count = Field(data, 4), rows = Field(data, 8), cols = Field(data, 12);
        if (count < 0 || rows <= 0 || cols <= 0)
            throw new NasLidException($"{path}: header says {count} images of {rows}x{cols}; counts must be positive");
        long expected = 16 + (long)count * rows * cols;
        if (data.Length != expected)
            throw new NasLidException(data.Length < expected
                ? $"{path}: truncated: header says {count} images of {rows}x{cols} ({expected} bytes) but the file has {data.Length}"
                : $"{path}: {data.Length - expected} bytes after the {count} images the header announces");
        return (count, rows, cols);
    }

    static int LabelHeader(string path, byte[] data)
    {
        CheckMagic(path, data, LabelsMagic, "label");
        if (data.Length < 8)
            throw new NasLidException($"{path}: truncated: {data.Length} bytes, an IDX label file needs an 8-byte header");
        int count = Field(data, 4);
        if (count < 0 || data.Length != 8L + count)
            throw new NasLidException(data.Length < 8L + count
                ? $"{path}: truncated: header says {count} labels but the file has {data.Length - 8}"
                : $"{path}: {data.Length - 8 - count} bytes after the {count} labels the header announces");
        return count;
    }

    static void CheckMagic(string path, byte[] data, uint expected, string kind)
    {
        if (data.Length < 4)
            throw new NasLidException($"{path}: truncated: {data.Length} bytes, too short for an IDX {kind} file");
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (magic != expected)
            throw new NasLidException($"{path}: wrong magic number 0x{magic:X8}; an IDX {kind} file starts with 0x{expected:X8}");
    }

    static int Field(byte[] data, int offset) => (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));

    static byte[] ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new NasLidException($"{path}: file not found");
        var raw = File.ReadAllBytes(path);
        if (raw is not [0x1f, 0x8b, ..])
            return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new NasLidException($"{path}: not valid gzip ({e.Message}); the file is probably truncated or damaged", e);
        }
    }
}
