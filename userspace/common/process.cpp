// SPDX-License-Identifier: GPL-2.0-only
#include "process.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <stdexcept>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace mq {

namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return 255;
}

// In the child between fork and exec: only async-signal-safe calls.
void redirect(const std::string& path, int fd, int flags) {
    if (path.empty()) {
        return;
    }
    const int opened = ::open(path.c_str(), flags, 0644);
    if (opened < 0 || ::dup2(opened, fd) < 0) {
        ::_exit(127);
    }
    ::close(opened);
}

} // namespace

Child& Child::operator=(Child&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0) {
            kill();
        }
        pid_ = other.pid_;
        other.pid_ = -1;
    }
    return *this;
}

Child::~Child() {
    if (pid_ > 0) {
        kill(std::chrono::milliseconds(200));
    }
}

std::optional<int> Child::wait_until(std::chrono::steady_clock::time_point deadline) {
    // A pidfd would let us poll; a short sleep loop is simpler and the
    // runner's deadlines are seconds to minutes.
    for (;;) {
        int status = 0;
        const pid_t got = ::waitpid(pid_, &status, WNOHANG);
        if (got == pid_) {
            pid_ = -1;
            return decode_status(status);
        }
        if (got < 0 && errno != EINTR) {
            throw_errno("waitpid");
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

int Child::wait() {
    return *wait_until(std::chrono::steady_clock::time_point::max());
}

void Child::kill(std::chrono::milliseconds grace) {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGTERM);
    if (!wait_until(std::chrono::steady_clock::now() + grace)) {
        ::kill(pid_, SIGKILL);
        wait();
    }
}

Child spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
    if (argv.empty()) {
        throw std::invalid_argument("spawn: empty argv");
    }
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) {
        throw_errno("fork");
    }
    if (pid == 0) {
        redirect(options.stdin_path, STDIN_FILENO, O_RDONLY);
        redirect(options.stdout_path, STDOUT_FILENO, O_WRONLY | O_CREAT | O_TRUNC);
        redirect(options.stderr_path, STDERR_FILENO, O_WRONLY | O_CREAT | O_TRUNC);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    return Child(pid);
}

int run(const std::vector<std::string>& argv, const SpawnOptions& options) {
    return spawn(argv, options).wait();
}

std::string capture(const std::vector<std::string>& argv) {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) < 0) {
        throw_errno("pipe");
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw_errno("fork");
    }
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        std::vector<char*> args;
        args.reserve(argv.size() + 1);
        for (const auto& arg : argv) {
            args.push_back(const_cast<char*>(arg.c_str()));
        }
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    Child child(pid);
    ::close(fds[1]);
    std::string out;
    std::array<char, 4096> buf{};
    for (;;) {
        const ssize_t n = ::read(fds[0], buf.data(), buf.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        out.append(buf.data(), static_cast<size_t>(n));
    }
    ::close(fds[0]);
    if (const int rc = child.wait(); rc != 0) {
        throw std::runtime_error(argv[0] + " exited with status " + std::to_string(rc));
    }
    return out;
}

} // namespace mq
