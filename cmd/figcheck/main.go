// Command figcheck checks that published figures agree with each other.
// See "figcheck help" and the README.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
