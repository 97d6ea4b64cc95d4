package builder

// publicBase is a baseURL that model.PublicBaseURL takes for a real
// public address, unlike example.org: pages built for it name their
// absolute URL.
const publicBase = "https://kb.northshire.nhs.uk/"
