using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NasLid.Core;

namespace NasLid.Kernels.Io;

/// <summary>A row-major b×m float32 matrix read from a file.</summary>
public sealed record FeatureMatrix(float[] Values, int Rows, int Columns);

/// <summary>
/// Reads a 2-D feature matrix from NumPy .npy (format 1.0/2.0/3.0, little-endian float32, or float64 converted;
/// C order only) or from CSV (one row per line, comma separated, no header). Every error names the file.
/// </summary>
public static partial class FeatureMatrixReader
{
    public static FeatureMatrix Read(string path)
    {
        if (Directory.Exists(path))
            throw new NasLidException($"{path}: is a folder; give a .npy or .csv file");
        if (!File.Exists(path))
            throw new NasLidException($"{path}: no such file");
        return Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase)
            ? ReadNpy(path, File.ReadAllBytes(path))
            : ReadCsv(path);
    }

    public static FeatureMatrix ReadNpy(string path, byte[] bytes)
    {
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(magic))
            throw new NasLidException($"{path}: not a NumPy .npy file (bad magic bytes)");
        int major = bytes[6];
        int headerStart = major == 1 ? 10 : 12;
        if (major is < 1 or > 3 || bytes.Length < headerStart)
            throw new NasLidException($"{path}: unsupported .npy format version {major}.{bytes[7]}");
        int headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : (int)BitConverter.ToUInt32(bytes, 8);
        if (headerStart + headerLength > bytes.Length)
            throw new NasLidException($"{path}: .npy header is truncated");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, headerLength);

        var descr = Field(path, header, "descr", DescrPattern());
        var fortran = Field(path, header, "fortran_order", FortranPattern());
        var shapeText = Field(path, header, "shape", ShapePattern());
        if (fortran == "True")
            throw new NasLidException($"{path}: the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (shape.Length != 2)
            throw new NasLidException($"{path}: expected a 2-D array (rows, features), got shape ({shapeText.Trim()})");
        if (shape[0] * shape[1] > int.MaxValue)
            throw new NasLidException($"{path}: {shape[0]} x {shape[1]} values are more than one call handles");

        int rows = (int)shape[0], columns = (int)shape[1], count = rows * columns;
        int elementSize = descr switch
        {
            "<f4" or "|f4" => 4,
            "<f8" or "|f8" => 8,
            _ => throw new NasLidException($"{path}: dtype '{descr}' is not supported; use little-endian float32 ('<f4') or float64 ('<f8')"),
        };
        int data = headerStart + headerLength;
        if ((long)bytes.Length - data != (long)count * elementSize)
            throw new NasLidException(
                $"{path}: shape ({rows}, {columns}) needs {(long)count * elementSize} data bytes, the file has {bytes.Length - data}");
        var values = new float[count];
        if (elementSize == 4)
            Buffer.BlockCopy(bytes, data, values, 0, count * 4);
        else
            for (int i = 0; i < count; i++) values[i] = (float)BitConverter.ToDouble(bytes, data + 8 * i);
        return new FeatureMatrix(values, rows, columns);
    }

    static string Field(string path, string header, string name, Regex pattern)
    {
        var match = pattern.Match(header);
        return match.Success ? match.Groups[1].Value : throw new NasLidException($"{path}: .npy header has no valid '{name}'");
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")] private static partial Regex DescrPattern();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")] private static partial Regex FortranPattern();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")] private static partial Regex ShapePattern();

    public static FeatureMatrix ReadCsv(string path)
    {
        var values = new List<float>();
        int rows = 0, columns = -1, lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = line.Split(',');
            if (columns >= 0 && cells.Length != columns)
                throw new NasLidException($"{path}: line {lineNumber} has {cells.Length} values, the first row has {columns}");
            columns = cells.Length;
            foreach (var cell in cells)
            {
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new NasLidException($"{path}: line {lineNumber}: '{cell.Trim()}' is not a number");
                values.Add(v);
            }
            rows++;
        }
        if (rows == 0)
            throw new NasLidException($"{path}: the CSV file has no rows");
        return new FeatureMatrix(values.ToArray(), rows, columns);
    }
}
