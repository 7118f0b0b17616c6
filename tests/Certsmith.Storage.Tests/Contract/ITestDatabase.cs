using Certsmith.Core.Storage;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>A fresh, empty database for one test; disposing it deletes it.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    /// <summary>A new store instance on this database: each call is like another node of the platform.</summary>
    ICertsmithStore OpenStore();
}
