import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect } from "react";
import { BrowserRouter, Navigate, Route, Routes, useNavigate } from "react-router";
import { ApiError, setUnauthorizedHandler, signInUrl } from "../api/client";
import { ToastProvider } from "../components/ui/Toast";
import { TooltipProvider } from "../components/ui/Tooltip";
import { RequireAuth } from "../features/auth/RequireAuth";
import { SetupPage } from "../features/auth/SetupPage";
import { SignInPage } from "../features/auth/SignInPage";
import { meKey } from "../features/auth/useMe";
import { InboxScreen } from "../features/inbox/InboxScreen";
import { prefetchCurrentList } from "../features/inbox/prefetch";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      // A refusal (4xx) will not change by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});

prefetchCurrentList(queryClient, window.location);

/** An expired session (a 401 mid-work) goes to sign-in, remembering where the person was. */
function SessionGuard() {
  const navigate = useNavigate();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      queryClient.setQueryData(meKey, null);
      navigate(signInUrl(window.location, true), { replace: true });
    });
    return () => setUnauthorizedHandler(undefined);
  }, [navigate]);
  return null;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        <ToastProvider>
          <BrowserRouter>
            <SessionGuard />
            <Routes>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/setup" element={<SetupPage />} />
              {/* One inbox element per view, so opening a conversation keeps the list (and its scroll). */}
              <Route path="/inbox/team/:teamId" element={<RequireAuth><InboxScreen /></RequireAuth>}>
                <Route index element={null} />
                <Route path="c/:conversationId" element={null} />
              </Route>
              <Route path="/inbox/:view" element={<RequireAuth><InboxScreen /></RequireAuth>}>
                <Route index element={null} />
                <Route path="c/:conversationId" element={null} />
              </Route>
              <Route path="*" element={<Navigate to="/inbox/mine" replace />} />
            </Routes>
          </BrowserRouter>
        </ToastProvider>
      </TooltipProvider>
    </QueryClientProvider>
  );
}
