module winsyscall-gopeer

go 1.19
