using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace NasLid.Tests.Data;

/// <summary>Writes small data files in the real formats, with contents the tests know.</summary>
public static class DataFiles
{
    public static byte[] IdxImages(int count, int rows, int cols, Func<int, int, byte> pixel, uint magic = 0x803)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), (uint)rows);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), (uint)cols);
        for (int i = 0; i < count; i++)
            for (int p = 0; p < rows * cols; p++)
                bytes[16 + i * rows * cols + p] = pixel(i, p);
        return bytes;
    }

    public static byte[] IdxLabels(IReadOnlyList<byte> labels, uint magic = 0x801)
    {
        var bytes = new byte[8 + labels.Count];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)labels.Count);
        for (int i = 0; i < labels.Count; i++)
            bytes[8 + i] = labels[i];
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(raw);
        return output.ToArray();
    }

    /// <summary>CIFAR records whose pixels all equal (record index + channel) and whose label is <c>label(i)</c>.</summary>
    public static byte[] CifarBatch(int count, Func<int, int> label, bool cifar100 = false)
    {
        int labelBytes = cifar100 ? 2 : 1, record = labelBytes + 3072;
        var bytes = new byte[count * record];
        for (int i = 0; i < count; i++)
        {
            if (cifar100)
                bytes[i * record] = (byte)(label(i) / 5);
            bytes[i * record + labelBytes - 1] = (byte)label(i);
            for (int c = 0; c < 3; c++)
                bytes.AsSpan(i * record + labelBytes + c * 1024, 1024).Fill((byte)(i + c));
        }
        return bytes;
    }

    /// <summary>A solid-colour image file, PNG or JPEG by extension.</summary>
    public static void Image(string path, int width, int height, SKColor colour)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        var format = path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }
}
