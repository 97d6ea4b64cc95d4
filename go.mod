module intkb

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/alecthomas/chroma/v2 v2.27.0
	github.com/yuin/goldmark v1.8.7
	golang.org/x/sys v0.29.0
)

require github.com/dlclark/regexp2/v2 v2.2.1 // indirect
