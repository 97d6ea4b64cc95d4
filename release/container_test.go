package main

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// No container engine runs here, so the Dockerfile is checked as far as
// it can be without one: its stages and user are read, and the commands
// of its stages are run on this machine as they would run in them.

// instruction is one instruction of a Dockerfile, such as RUN, with its
// arguments as written.
type instruction struct {
	cmd, args string
}

// readDockerfile returns the instructions of the Dockerfile at the
// module's top, continuation lines joined and comments left out, split
// into stages at each FROM.
func readDockerfile(t *testing.T, root string) [][]instruction {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var stages [][]instruction
	var line string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		line += l
		if strings.HasSuffix(line, `\`) {
			line = strings.TrimSuffix(line, `\`)
			continue
		}
		cmd, args, _ := strings.Cut(strings.TrimSpace(line), " ")
		line = ""
		if cmd == "" {
			continue
		}
		if strings.EqualFold(cmd, "FROM") {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("Dockerfile: %s before FROM", cmd)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], instruction{strings.ToUpper(cmd), strings.TrimSpace(args)})
	}
	return stages
}

// find returns the arguments of each instruction cmd of a stage.
func find(stage []instruction, cmd string) []string {
	var out []string
	for _, in := range stage {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

// execForm reads an instruction written as a JSON array.
func execForm(t *testing.T, what, args string) []string {
	t.Helper()
	var list []string
	if err := json.Unmarshal([]byte(args), &list); err != nil || len(list) == 0 {
		t.Fatalf("Dockerfile: %s %s is not an array of words (the exec form, which needs no shell): %v", what, args, err)
	}
	return list
}

func TestDockerfile(t *testing.T) {
	root, err := moduleRoot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stages := readDockerfile(t, root)
	if len(stages) != 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a final one", len(stages))
	}
	build, final := stages[0], stages[1]
	// The final image has no shell, so it cannot RUN anything, and it
	// runs as a user that is not root.
	if base := find(final, "FROM")[0]; !strings.Contains(base, "distroless/static") && base != "scratch" {
		t.Errorf("the final image is %s, not one without a shell", base)
	}
	if runs := find(final, "RUN"); len(runs) > 0 {
		t.Errorf("the final stage runs %q, but its image has no shell", runs)
	}
	users := find(final, "USER")
	if len(users) != 1 {
		t.Fatalf("the final stage sets USER %d times, want once", len(users))
	}
	if uid, _, _ := strings.Cut(users[0], ":"); uid == "root" || uid == "0" {
		t.Errorf("the container runs as %s", users[0])
	} else if n, err := strconv.Atoi(uid); err != nil || n < 1000 {
		t.Errorf("USER %s: want a numeric user id above the system's, which needs no /etc/passwd", users[0])
	}
	// The binary is built by the release tool, so with its flags.
	const buildCmd = "go run ./release -binary /out/intkb"
	if !slices.Contains(find(build, "RUN"), buildCmd) {
		t.Errorf("the build stage does not run %q: %q", buildCmd, find(build, "RUN"))
	}
	if !slices.Contains(find(final, "COPY"), "--from=build /out/intkb /intkb") {
		t.Errorf("the final stage does not copy the built binary: %q", find(final, "COPY"))
	}
	if !slices.Contains(find(build, "RUN"), "mkdir -p /out/site && cp -r site.toml content /out/site/") {
		t.Errorf("the build stage does not copy the demo site as this test does: %q", find(build, "RUN"))
	}
	ignored, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(ignored), "\n") {
		if l = strings.TrimSpace(l); l == ".git" || l == "*" || l == "go.mod" || l == "content" || l == "release" {
			t.Errorf(".dockerignore leaves out %s, which the build needs", l)
		}
	}
	entry := execForm(t, "ENTRYPOINT", find(final, "ENTRYPOINT")[0])
	serve := execForm(t, "CMD", find(final, "CMD")[0])
	health := strings.TrimSpace(find(final, "HEALTHCHECK")[0])
	_, health, _ = strings.Cut(health, " CMD ")
	check := execForm(t, "HEALTHCHECK CMD", health)
	if len(entry) != 1 || check[0] != entry[0] || len(check) < 2 || check[1] != "health" {
		t.Fatalf("HEALTHCHECK runs %q, not %s health", check, entry)
	}
	runContainer(t, root, serve, check[1:])
}

// runContainer does on this machine what the image does: it builds the
// binary as the build stage does, copies the demo site as it does, runs
// CMD, and runs the HEALTHCHECK's command until it passes, as the
// engine would (on another port: 1313 may be taken here). Once serve
// stops, the health check fails.
func runContainer(t *testing.T, root string, serve, check []string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds intkb")
	}
	ctx := context.Background()
	dir := t.TempDir()
	exe := filepath.Join(dir, "intkb")
	if err := buildBinary(ctx, root, runtime.GOOS+"/"+runtime.GOARCH, exe); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	cp := exec.Command("sh", "-c", "mkdir -p "+site+" && cp -r site.toml content "+site+"/")
	cp.Dir = root
	if out, err := cp.CombinedOutput(); err != nil {
		t.Fatalf("copying the site: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	local := strings.NewReplacer("/site", site, "0.0.0.0:1313", "127.0.0.1:"+port, "127.0.0.1:1313", "127.0.0.1:"+port)
	for i := range serve {
		serve[i] = local.Replace(serve[i])
	}
	for i := range check {
		check[i] = local.Replace(check[i])
	}
	cmd := exec.Command(exe, serve...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var out []byte
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		out, err = exec.Command(exe, check...).CombinedOutput()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("intkb %s did not pass within the start period: %v\n%s", strings.Join(check, " "), err, out)
		}
	}
	if !strings.HasPrefix(string(out), "healthy: ") {
		t.Errorf("intkb %s: %s", strings.Join(check, " "), out)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if out, err := exec.Command(exe, check...).CombinedOutput(); err == nil {
		t.Errorf("with serve stopped, intkb %s passed: %s", strings.Join(check, " "), out)
	}
}
