namespace NasLid.Core;

/// <summary>
/// An error in what the user gave us (a file, an argument, a layer's values). Its message names the
/// file, layer or value and what is wrong, so the CLI prints it as one line and never a stack trace.
/// </summary>
public class NasLidException(string message, Exception? inner = null) : Exception(message, inner);
