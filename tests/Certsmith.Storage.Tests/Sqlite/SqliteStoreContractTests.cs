using Certsmith.Storage.Tests.Contract;

namespace Certsmith.Storage.Tests.Sqlite;

/// <summary>The store contract on a real SQLite file.</summary>
public sealed class SqliteStoreContractTests() : StoreContractTests(() => new SqliteTestDatabase());
