using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge;

/// <summary>What the edge takes from the platform.</summary>
internal sealed record EdgeDependencies(ICertsmithStore Store, IKeyProtector KeyProtector, TimeProvider TimeProvider, ILoggerFactory LoggerFactory);
