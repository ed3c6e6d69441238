@echo off
rem The eventpipe command for Windows. Builds the runnable jar with the Maven wrapper on first use,
rem then runs it. JAVA_OPTS is passed to the JVM. (It rebuilds only when the jar is missing: after
rem changing sources, run mvnw.cmd -pl cli -am package -DskipTests.)
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%cli\target\eventpipe-cli.jar"
if not exist "%JAR%" (
  echo eventpipe: building ^(first run^) ... 1>&2
  pushd "%HERE%"
  call mvnw.cmd -q -B -pl cli -am package -DskipTests 1>&2
  if errorlevel 1 (
    popd
    echo eventpipe: the build failed; run mvnw.cmd -pl cli -am package -DskipTests to see why 1>&2
    exit /b 1
  )
  popd
)
java %JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
