namespace Crm.Matching.Native;

/// <summary>A call into XGBoost failed. The message names the C function and carries the library's own explanation.</summary>
public class XGBoostException : Exception
{
    /// <summary>Creates an exception with a message of the binding's own.</summary>
    public XGBoostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public XGBoostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The C API function that returned an error (for example <c>XGBoosterUpdateOneIter</c>), when a call failed.</summary>
    public string? Function { get; private init; }

    /// <summary>What <c>XGBGetLastError</c> said, when a call failed.</summary>
    public string? NativeMessage { get; private init; }

    /// <summary>The exception for a C API call that returned a non-zero status.</summary>
    internal static XGBoostException FromCall(string function, string? context, string? nativeMessage)
    {
        var call = context is null ? function : $"{function} ({context})";
        return new XGBoostException($"{call} failed: {nativeMessage ?? "the library gave no message."}")
        {
            Function = function,
            NativeMessage = nativeMessage,
        };
    }
}

/// <summary>The XGBoost shared library could not be loaded. The message says what to install or which variable to set.</summary>
public sealed class XGBoostLibraryMissingException : XGBoostException
{
    /// <summary>Creates the exception with the full explanation, including what was tried.</summary>
    public XGBoostLibraryMissingException(string message)
        : base(message)
    {
    }
}
