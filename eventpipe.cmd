@echo off
rem The eventpipe command for Windows. Builds the runnable jar with the Maven wrapper on first use,
rem then runs it. JAVA_OPTS is passed to the JVM; EVENTPIPE_CDS=off turns the class-data-sharing
rem archive off. (It rebuilds only when the jar is missing: after changing sources, run
rem mvnw.cmd -pl cli -am package -DskipTests.)
rem
rem Start-up: as the bash launcher, it records a class-data-sharing archive of the quick commands'
rem classes once per build of the jar and per JDK (a hidden cds-training run, a few seconds) and maps
rem it at every later start (docs/benchmarks.md). The archive's name carries the jar's size and time
rem and the java binary's path, so a rebuilt jar or another JDK gets an archive of its own.
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%cli\target\eventpipe-cli.jar"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
if exist "%JAR%" goto built
echo eventpipe: building ^(first run^) ... 1>&2
pushd "%HERE%"
call mvnw.cmd -q -B -pl cli -am package -DskipTests 1>&2
if errorlevel 1 (
  popd
  echo eventpipe: the build failed; run mvnw.cmd -pl cli -am package -DskipTests to see why 1>&2
  exit /b 1
)
popd

:built
set "OPTS="
if /i "%EVENTPIPE_CDS%"=="off" goto options
for %%F in ("%JAR%") do set "STAMP=%%~zF_%%~tF"
set "JAVAPATH=%JAVA%"
if not defined JAVA_HOME for %%J in (java.exe) do set "JAVAPATH=%%~$PATH:J"
set "STAMP=%STAMP%_%JAVAPATH%"
set "STAMP=%STAMP:\=_%"
set "STAMP=%STAMP:/=_%"
set "STAMP=%STAMP::=_%"
set "STAMP=%STAMP: =_%"
set "STAMP=%STAMP:.=_%"
set "JSA=%HERE%cli\target\eventpipe-cli-%STAMP%.jsa"
if exist "%JSA%" goto archived
echo eventpipe: preparing a faster start ^(once per build^) ... 1>&2
"%JAVA%" -XX:ArchiveClassesAtExit="%JSA%" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "%JAR%" cds-training >nul 2>&1
if errorlevel 1 del /q "%JSA%" 2>nul
:archived
if exist "%JSA%" set "OPTS=-XX:SharedArchiveFile="%JSA%" -Xlog:cds=off -Xlog:cds+dynamic=off"

:options
rem Quick commands start faster with the C1 compiler alone and the serial collector, and ingest spends half
rem the CPU with them (docs/benchmarks.md); the long-running ones (up, demo, worker, report, replay) keep
rem the JVM's defaults.
set "FIRST=%~1"
if "%FIRST%"=="" goto quick
for %%C in (-h --help -V --version help receipt dlq ingest) do if /i "%FIRST%"=="%%C" goto quick
goto run
:quick
set OPTS=%OPTS% -XX:TieredStopAtLevel=1 -XX:+UseSerialGC

:run
"%JAVA%" %OPTS% %JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
