// Command winsyscall-gopeer measures Go's own syscall package on the rows of
// benches/wine.rs, so that `cargo xtask bench` can put Go next to the crate
// under the same Wine, in the same run.
//
// Build (any host): GOOS=windows GOARCH=amd64 go build -o gopeer.exe
// Run under Wine: wine gopeer.exe [FILTER]
//
// The method is that of benches/wine.rs, with only one contender: per row,
// two warm-up chunks, then samples; a sample is 8 chunks of iters/8
// operations each, of which the median chunk is kept, so that a chunk cut by
// a preemption does not decide it. Times come from QueryPerformanceCounter,
// the clock Rust's Instant reads, so that both sides use the same one. Same
// row names, samples and iteration counts as benches/wine.rs;
// WINSYSCALL_BENCH_SCALE scales the samples as there, and an argument keeps
// only the rows whose name contains it.
//
// One extra row, not in benches/wine.rs: the file loop with Seek's
// GetFileType left out (see fileLoopNoFileType).
//
// Output: progress on stderr; on stdout one line per row,
//
//	row<TAB>name<TAB>median ns/op<TAB>p25<TAB>p75<TAB>samples
//
// after a `go<TAB>version<TAB>GOOS/GOARCH` line.
package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

const rounds = 8

var (
	kernel32 = syscall.NewLazyDLL("kernel32.dll")
	procQPC  = kernel32.NewProc("QueryPerformanceCounter")
	procQPF  = kernel32.NewProc("QueryPerformanceFrequency")
	qpcFreq  int64
	scale    = 1.0
	filter   string
	loopback = [4]byte{127, 0, 0, 1}
	sink     int
)

// ticks reads QueryPerformanceCounter.
func ticks() int64 {
	var c int64
	r, _, e := syscall.Syscall(procQPC.Addr(), 1, uintptr(unsafe.Pointer(&c)), 0, 0)
	if r == 0 {
		panic(e)
	}
	return c
}

func nsSince(t0 int64) float64 {
	return float64(ticks()-t0) * 1e9 / float64(qpcFreq)
}

func quantile(v []float64, q float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	lo, hi := int(math.Floor(pos)), int(math.Ceil(pos))
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// ops measures one row: chunk(n) runs n operations and returns nothing; the
// time is taken around it.
func ops(name string, samples, iters int, chunk func(n int)) {
	if filter != "" && !strings.Contains(name, filter) {
		return
	}
	samples = int(float64(samples)*scale + 0.5)
	if samples < 5 {
		samples = 5
	}
	n := iters / rounds
	if n < 1 {
		n = 1
	}
	timed := func() float64 {
		t0 := ticks()
		chunk(n)
		return nsSince(t0) / float64(n)
	}
	for i := 0; i < 2; i++ {
		timed()
	}
	per := make([]float64, 0, samples)
	var c [rounds]float64
	for s := 0; s < samples; s++ {
		for k := range c {
			c[k] = timed()
		}
		per = append(per, quantile(c[:], 0.5))
	}
	med, p25, p75 := quantile(per, 0.5), quantile(per, 0.25), quantile(per, 0.75)
	fmt.Fprintf(os.Stderr, "  go | %s | %.1f ns | p25–p75 %.1f–%.1f | %d\n", name, med, p25, p75, samples)
	fmt.Printf("row\t%s\t%.3f\t%.3f\t%.3f\t%d\n", name, med, p25, p75, samples)
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

func getpid() {
	ops("getpid", 401, 200_000, func(n int) {
		s := 0
		for i := 0; i < n; i++ {
			s += syscall.Getpid()
		}
		sink += s
	})
}

// fileLoop is benches/wine.rs's file loop: Seek(0), Write 4 KiB, Seek(0),
// Read 4 KiB on one handle opened O_RDWR|O_CREAT|O_TRUNC|O_CLOEXEC.
func fileLoop(dir string) {
	h, err := syscall.Open(filepath.Join(dir, "loop.bin"),
		syscall.O_RDWR|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	check(err)
	defer syscall.Close(h)
	out := make([]byte, 4096)
	for i := range out {
		out[i] = 0x5A
	}
	back := make([]byte, 4096)
	ops("4 KiB seek(0)+write+seek(0)+read", 201, 300, func(n int) {
		for i := 0; i < n; i++ {
			_, err := syscall.Seek(h, 0, 0)
			check(err)
			w, err := syscall.Write(h, out)
			if err != nil || w != 4096 {
				panic(fmt.Sprint("write ", w, err))
			}
			_, err = syscall.Seek(h, 0, 0)
			check(err)
			r, err := syscall.Read(h, back)
			if err != nil || r != 4096 {
				panic(fmt.Sprint("read ", r, err))
			}
		}
	})
}

// fileLoopNoFileType is fileLoop with Seek's GetFileType left out (Go 1.19's
// Seek asks GetFileType on every call; the issue says current Go does not):
// syscall.SetFilePointer to 0 in its place. Not a row of benches/wine.rs; it
// shows what that check costs under Wine.
func fileLoopNoFileType(dir string) {
	h, err := syscall.Open(filepath.Join(dir, "loop2.bin"),
		syscall.O_RDWR|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	check(err)
	defer syscall.Close(h)
	out := make([]byte, 4096)
	for i := range out {
		out[i] = 0x5A
	}
	back := make([]byte, 4096)
	ops(noFileTypeRow, 201, 300, func(n int) {
		for i := 0; i < n; i++ {
			var hi int32
			_, err := syscall.SetFilePointer(h, 0, &hi, syscall.FILE_BEGIN)
			check(err)
			w, err := syscall.Write(h, out)
			if err != nil || w != 4096 {
				panic(fmt.Sprint("write ", w, err))
			}
			_, err = syscall.SetFilePointer(h, 0, &hi, syscall.FILE_BEGIN)
			check(err)
			r, err := syscall.Read(h, back)
			if err != nil || r != 4096 {
				panic(fmt.Sprint("read ", r, err))
			}
		}
	})
}

const noFileTypeRow = "  same, Seek without its GetFileType (SetFilePointer)"

func openClose(dir string) {
	p := filepath.Join(dir, "existing.txt")
	check(os.WriteFile(p, []byte("hello"), 0o644))
	ops("open+close (O_RDONLY, existing file)", 201, 100, func(n int) {
		for i := 0; i < n; i++ {
			h, err := syscall.Open(p, syscall.O_RDONLY, 0)
			check(err)
			check(syscall.Close(h))
		}
	})
}

func completion() {
	port, err := syscall.CreateIoCompletionPort(syscall.InvalidHandle, 0, 0, 1)
	check(err)
	defer syscall.CloseHandle(port)
	ops("completion post+take, one at a time", 201, 300, func(n int) {
		for i := 0; i < n; i++ {
			check(syscall.PostQueuedCompletionStatus(port, 1, 7, nil))
			var qty, key uint32
			var ov *syscall.Overlapped
			check(syscall.GetQueuedCompletionStatus(port, &qty, &key, &ov, syscall.INFINITE))
			if qty != 1 || key != 7 {
				panic(fmt.Sprint("packet ", qty, key))
			}
		}
	})
}

func udpSocket() syscall.Handle {
	s, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, syscall.IPPROTO_UDP)
	check(err)
	check(syscall.Bind(s, &syscall.SockaddrInet4{Addr: loopback}))
	return s
}

func udp() {
	var d syscall.WSAData
	check(syscall.WSAStartup(0x202, &d))
	a, c := udpSocket(), udpSocket()
	defer syscall.Closesocket(a)
	defer syscall.Closesocket(c)
	sa, err := syscall.Getsockname(c)
	check(err)
	to := &syscall.SockaddrInet4{Port: sa.(*syscall.SockaddrInet4).Port, Addr: loopback}
	msg := make([]byte, 64)
	for i := range msg {
		msg[i] = 0xA5
	}
	buf := make([]byte, 64)
	ops("UDP 64 B wsa_sendto+wsa_recvfrom (loopback)", 201, 300, func(n int) {
		for i := 0; i < n; i++ {
			var sent uint32
			wb := syscall.WSABuf{Len: 64, Buf: &msg[0]}
			check(syscall.WSASendto(a, &wb, 1, &sent, 0, to, nil, nil))
			if sent != 64 {
				panic(fmt.Sprint("sent ", sent))
			}
			var got, flags uint32
			var from syscall.RawSockaddrAny
			fromlen := int32(unsafe.Sizeof(from))
			rb := syscall.WSABuf{Len: 64, Buf: &buf[0]}
			check(syscall.WSARecvFrom(c, &rb, 1, &got, &flags, &from, &fromlen, nil, nil))
			if got != 64 {
				panic(fmt.Sprint("received ", got))
			}
		}
	})
}

func main() {
	// One OS thread, as the Rust bench's single thread.
	runtime.LockOSThread()
	r, _, e := syscall.Syscall(procQPF.Addr(), 1, uintptr(unsafe.Pointer(&qpcFreq)), 0, 0)
	if r == 0 || qpcFreq <= 0 {
		panic(e)
	}
	if v, err := strconv.ParseFloat(os.Getenv("WINSYSCALL_BENCH_SCALE"), 64); err == nil && v > 0 {
		scale = v
	}
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			filter = a
			break
		}
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("winsyscall-gopeer-%d", os.Getpid()))
	os.RemoveAll(dir)
	check(os.MkdirAll(dir, 0o755))
	defer os.RemoveAll(dir)
	fmt.Fprintf(os.Stderr, "winsyscall Go peer (%s %s/%s, QPC %d Hz, scale %g): rows as they finish\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, qpcFreq, scale)
	fmt.Printf("go\t%s\t%s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	// The order of benches/wine.rs.
	getpid()
	fileLoop(dir)
	fileLoopNoFileType(dir)
	openClose(dir)
	completion()
	udp()
}
