package ai.traceable.tme.engine.detect.cmdi;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The commands the detector knows, each with the kinds of argument that make it read as a command
 * rather than as a word in a sentence: {@code cat /etc/passwd} is a command, {@code cat lovers} is
 * not; {@code sleep 5} at the end of a value is a command, {@code sleep well} is not.
 */
final class Commands {
  /** Nothing follows (end of value, a closing quote, bracket or backtick, a comment). */
  static final int END = 1;

  /** Another separator follows, itself followed by the end or by another command. */
  static final int SEP = 1 << 1;

  /** An option: {@code -la}, {@code --help}, {@code +x}. */
  static final int OPT = 1 << 2;

  /** A path or a Windows switch: {@code /etc/passwd}, {@code ./x}, {@code C:\}, {@code /c}. */
  static final int PATH = 1 << 3;

  /** A redirection: {@code > /tmp/x}, {@code 2>&1}, {@code < file}. */
  static final int REDIR = 1 << 4;

  /** A substitution or variable: {@code $(...)}, {@code `...`}, {@code ${X}}, {@code $HOME}. */
  static final int SUBST = 1 << 5;

  /** A host, address, URL or file name with a dot: {@code 10.0.0.5}, {@code x.sh}. */
  static final int DOTTED = 1 << 6;

  /** A number. */
  static final int NUM = 1 << 7;

  /** A plain word. */
  static final int WORD = 1 << 8;

  /** A token mixing letters and digits, such as a scanner's marker string. */
  static final int MARK = 1 << 9;

  /** Any argument at all (never "something else", such as {@code =} or {@code :}). */
  static final int ANY = (1 << 10) - 1;

  /** A command name that is also an ordinary word or abbreviation. */
  static final int WEAK = 1;

  /** A Windows command, which the shell runs whatever its case. */
  static final int WINDOWS = 2;

  /** {@code sleep 5}, {@code echo 1234}: a number must end the command. */
  static final int NUMBER_MUST_END = 4;

  /** How one command is recognised. */
  record Cmd(String name, int args, int flags, Set<String> subcommands) {
    boolean weak() {
      return (flags & WEAK) != 0;
    }

    boolean windows() {
      return (flags & WINDOWS) != 0;
    }

    /** Whether an argument of kind {@code kind} (text {@code word}) makes this a command. */
    boolean accepts(int kind, String word, boolean numberEnds) {
      if (kind == WORD && subcommands != null) {
        return subcommands.contains(word);
      }
      if (kind == NUM && (flags & NUMBER_MUST_END) != 0) {
        return numberEnds;
      }
      return (args & kind) != 0;
    }
  }

  private static final Map<String, Cmd> TABLE = new HashMap<>();

  /** Words that run the command after them: {@code sudo id}, {@code nohup sh x}. */
  static final Set<String> PREFIXES =
      Set.of("sudo", "nohup", "setsid", "busybox", "command", "builtin", "doas", "nice", "exec");

  /** Tools a command line in a message usually starts with, besides the known commands. */
  private static final Set<String> TOOLS =
      Set.of(
          "cd",
          "git",
          "npm",
          "npx",
          "yarn",
          "pnpm",
          "make",
          "docker",
          "kubectl",
          "helm",
          "pip",
          "pip3",
          "apt",
          "apt-get",
          "yum",
          "dnf",
          "brew",
          "mvn",
          "gradle",
          "./gradlew",
          "./mvnw",
          "cargo",
          "go",
          "export",
          "source",
          "terraform",
          "ssh",
          "scp",
          "systemctl",
          "journalctl",
          "tar",
          "unzip",
          "cp",
          "mv",
          "mkdir",
          "touch",
          "tee",
          "xargs",
          "awk",
          "sed",
          "jq");

  /** Directories whose programs are looked up by their base name. */
  static final String[] BIN_DIRS = {
    "/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/"
  };

  /** Directories where a dropped payload is run from. */
  static final String[] DROP_DIRS = {"/tmp/", "/dev/shm/", "/var/tmp/"};

  /**
   * Paths a glob such as {@code /???/c?t} is resolved against: common binaries and the files
   * attackers read.
   */
  static final String[] GLOB_TARGETS = {
    "/bin/cat",
    "/bin/sh",
    "/bin/bash",
    "/bin/dash",
    "/bin/ls",
    "/bin/nc",
    "/bin/netcat",
    "/bin/id",
    "/bin/uname",
    "/bin/ping",
    "/bin/sleep",
    "/bin/echo",
    "/bin/rm",
    "/bin/chmod",
    "/bin/busybox",
    "/bin/more",
    "/bin/less",
    "/bin/head",
    "/bin/tail",
    "/bin/ps",
    "/bin/pwd",
    "/bin/hostname",
    "/bin/wget",
    "/bin/curl",
    "/bin/base64",
    "/bin/python",
    "/bin/perl",
    "/usr/bin/id",
    "/usr/bin/whoami",
    "/usr/bin/wget",
    "/usr/bin/curl",
    "/usr/bin/nc",
    "/usr/bin/ncat",
    "/usr/bin/python",
    "/usr/bin/python3",
    "/usr/bin/perl",
    "/usr/bin/ruby",
    "/usr/bin/php",
    "/usr/bin/base64",
    "/usr/bin/env",
    "/usr/bin/uname",
    "/usr/bin/nslookup",
    "/usr/bin/dig",
    "/usr/bin/telnet",
    "/usr/bin/socat",
    "/usr/bin/head",
    "/usr/bin/tail",
    "/usr/bin/tac",
    "/usr/bin/nl",
    "/usr/bin/od",
    "/usr/bin/xxd",
    "/usr/bin/find",
    "/usr/bin/cat",
    "/usr/bin/ls",
    "/usr/bin/bash",
    "/usr/bin/sh",
    "/usr/bin/printenv",
    "/sbin/ifconfig",
    "/sbin/ip",
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
    "/etc/hosts",
    "/etc/issue",
    "/etc/hostname",
    "/proc/self/environ",
    "/proc/self/cmdline"
  };

  static {
    int info = END | SEP | OPT | REDIR;
    add(info, WEAK, "id");
    add(info | PATH, WINDOWS, "whoami");
    add(info, 0, "uname", "lsof");
    add(END | SEP | REDIR, WEAK, "pwd");
    add(info, WINDOWS, "hostname");
    add(info | PATH | SUBST, WEAK, "ls");
    add(END | SEP | PATH | REDIR, WEAK | WINDOWS, "dir");
    add(END | SEP | REDIR | PATH, WEAK, "env");
    add(info | WORD, 0, "printenv");
    addSub(OPT, WEAK, Set.of("aux", "ax", "ef", "-ef", "axu"), "ps");
    add(info | PATH, WINDOWS, "netstat", "ipconfig", "systeminfo", "tasklist");
    add(info | WORD, 0, "ifconfig");
    addSub(0, WEAK, Set.of("a", "addr", "address", "r", "route", "link", "neigh", "n"), "ip");
    add(WORD | OPT, 0, "getent");

    int reader = PATH | SUBST | REDIR | OPT | DOTTED;
    add(reader, WEAK, "cat", "head", "tail", "more", "less", "nl");
    add(reader, 0, "tac", "od", "xxd", "strings");
    add(PATH | DOTTED | SUBST, WEAK | WINDOWS, "type");
    add(END | SEP | OPT | PATH, 0, "base64");
    add(PATH | OPT, WEAK, "find");
    add(PATH | OPT, 0, "grep", "egrep", "fgrep");
    add(PATH | OPT | WORD, WINDOWS, "findstr");

    add(SUBST | REDIR | OPT | MARK | NUM, WEAK | WINDOWS | NUMBER_MUST_END, "echo");
    add(SUBST | REDIR, 0, "printf");
    add(NUM | SUBST, WEAK | NUMBER_MUST_END, "sleep");
    add(PATH, WEAK | WINDOWS, "timeout");

    add(OPT | DOTTED | NUM, WEAK | WINDOWS, "ping");
    add(DOTTED | OPT | SUBST, WINDOWS, "nslookup");
    add(DOTTED | OPT | SUBST, WEAK, "dig", "host");
    add(DOTTED | OPT, WINDOWS, "tracert");
    add(DOTTED | OPT, 0, "traceroute");
    add(DOTTED | OPT | PATH | SUBST, 0, "wget", "curl", "lwp-download");
    add(OPT | DOTTED, 0, "nc", "ncat", "netcat", "nmap", "ssh", "scp", "sftp", "tftp", "rsync");
    add(DOTTED | OPT | NUM, 0, "telnet");
    add(ANY & ~(END | SEP), 0, "socat", "openssl");

    int shell = END | SEP | OPT | PATH | REDIR | SUBST;
    add(shell, 0, "sh", "zsh", "ksh", "csh", "tcsh", "dash");
    add(shell, WEAK, "bash");
    int interpreter = OPT | PATH | REDIR | DOTTED;
    add(interpreter, 0, "python", "python2", "python3", "perl", "php", "lua", "nodejs", "irb");
    add(interpreter, 0, "jrunscript", "tclsh");
    add(interpreter, WEAK, "node", "ruby", "java");
    add(ANY, WINDOWS, "powershell", "pwsh");
    add(PATH, WEAK | WINDOWS, "cmd");
    add(SUBST | PATH, WEAK, "eval");

    add(OPT | NUM | PATH, 0, "chmod");
    add(OPT | WORD | PATH | MARK, 0, "chown", "chgrp");
    add(OPT | PATH, WEAK, "rm");
    add(ANY & ~(END | SEP), 0, "mkfifo", "mknod");
    add(OPT, WEAK, "kill");
    add(OPT | WORD | NUM, 0, "killall", "pkill");
    add(OPT | PATH, 0, "crontab");
    add(OPT | WORD | MARK | END | SEP, 0, "useradd", "adduser", "userdel", "usermod", "passwd");
    add(END | SEP | OPT | PATH, WEAK | WINDOWS, "shutdown", "reboot");
    add(END | SEP | OPT, 0, "halt", "poweroff", "sudo");

    addSub(
        0,
        WEAK | WINDOWS,
        Set.of(
            "user",
            "users",
            "localgroup",
            "group",
            "view",
            "share",
            "use",
            "config",
            "accounts",
            "session",
            "start",
            "stop"),
        "net");
    addSub(0, WINDOWS, Set.of("query", "add", "delete", "save", "export"), "reg");
    add(
        ANY & ~(END | SEP),
        WINDOWS,
        "certutil",
        "bitsadmin",
        "wmic",
        "mshta",
        "rundll32",
        "regsvr32",
        "cscript",
        "wscript",
        "msiexec",
        "schtasks",
        "netsh",
        "nltest",
        "taskkill",
        "vssadmin",
        "wevtutil",
        "icacls");
  }

  private Commands() {}

  private static void add(int args, int flags, String... names) {
    for (String name : names) {
      TABLE.put(name, new Cmd(name, args, flags, null));
    }
  }

  private static void addSub(int args, int flags, Set<String> subcommands, String name) {
    TABLE.put(name, new Cmd(name, args, flags, subcommands));
  }

  /**
   * Whether a command line may start with {@code lowerWord}: a known command or a developer tool.
   */
  static boolean startsCommandLine(String lowerWord) {
    return TOOLS.contains(lowerWord) || TABLE.containsKey(lowerWord);
  }

  /** The command named {@code lowerName} (lower case, {@code .exe} already removed), or null. */
  static Cmd lookup(String lowerName) {
    return TABLE.get(lowerName);
  }

  /** The command spelled by {@code s[from, to)} (lower case; {@code .exe} dropped), or null. */
  static Cmd lookup(String s, int from, int to) {
    int len = to - from;
    if (len < 2 || len > 16) {
      return null;
    }
    if (len > 4 && s.regionMatches(to - 4, ".exe", 0, 4)) {
      to -= 4;
    }
    return TABLE.get(s.substring(from, to));
  }
}
